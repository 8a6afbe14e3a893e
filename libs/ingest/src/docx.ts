import mammoth from 'mammoth';

/** Raw text of a .docx (paragraphs separated by blank lines; table cells become paragraphs). */
export async function decodeDocx(bytes: Uint8Array): Promise<string> {
  const result = await mammoth.extractRawText({
    buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  });
  return result.value.replace(/\r\n?/g, '\n');
}
