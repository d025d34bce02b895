/** Token counting and token-sized stream pieces, with the o200k_base encoding (GPT-4o family). */
import { decodeGenerator, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { PLAIN_TEXT } from '../../tokens';

export { countTokens } from '../../tokens';

/** One streamed piece: usually one token; more when a character spans several tokens. */
export type TokenPiece = { text: string; tokens: number };

/** Splits text at real token boundaries without ever splitting a character. */
export function tokenPieces(text: string): TokenPiece[] {
  const ids = encode(text, PLAIN_TEXT);
  let consumed = 0;
  // decodeGenerator pulls ids lazily and holds back incomplete UTF-8, so counting the ids it
  // has pulled at each yield tells how many tokens went into each piece.
  const counted = (function* () {
    for (const id of ids) {
      consumed++;
      yield id;
    }
  })();
  const pieces: TokenPiece[] = [];
  let before = 0;
  for (const piece of decodeGenerator(counted)) {
    pieces.push({ text: piece, tokens: consumed - before });
    before = consumed;
  }
  if (consumed > before && pieces.length) pieces[pieces.length - 1].tokens += consumed - before;
  return pieces;
}
