import { useSyncExternalStore } from 'react';

/** Why the user is on the sign-in page, shown there once. */
export type SessionNotice = 'expired' | null;

interface SessionState {
  token: string | null;
  notice: SessionNotice;
}

const TOKEN_KEY = 'tracker.token';

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function forgetToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage unavailable (private mode): nothing to forget
  }
}

let state: SessionState = { token: readToken(), notice: null };
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The bearer token, kept for this tab (sessionStorage) or, when asked to remember, across restarts (localStorage). */
export const session = {
  token: (): string | null => state.token,
  snapshot: (): SessionState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(token: string, remember: boolean): void {
    forgetToken();
    try {
      (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
    } catch {
      // kept in memory only
    }
    set({ token, notice: null });
  },
  signOut(): void {
    forgetToken();
    set({ token: null, notice: null });
  },
  /** The API said the token is no longer good (401): back to the sign-in page with a notice. */
  expire(): void {
    if (!state.token) return;
    forgetToken();
    set({ token: null, notice: 'expired' });
  },
  clearNotice(): void {
    if (state.notice) set({ ...state, notice: null });
  },
};

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}
