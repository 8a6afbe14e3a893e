/**
 * The selected task and where the selection came from: the side it came from does not
 * scroll (the user is looking at it), the other side brings the task into view. `n` makes
 * choosing the same task again scroll again.
 */
export interface Focus {
  ref: string;
  from: 'source' | 'list' | 'elsewhere';
  n: number;
}
