// Whether a record body is a synthetic illustration rather than a fact of the public record —
// the labelling rule of the built-in Doha 2020 demo (src/demo/doha2020.h, docs/cli.md "jirga
// demo"), the same as the C++ demo::IsSyntheticBody:
//   prisoner  "synthetic": true;
//   incident  a source with "scale": "synthetic";
//   any kind  free text (notes, reason, claim, description, text) starting with "[synthetic]".

const TEXT_FIELDS = ['notes', 'reason', 'claim', 'description', 'text'];

/** What free text of an illustration starts with. */
export const SYNTHETIC_PREFIX = '[synthetic]';

export const SYNTHETIC_TITLE =
  'A synthetic illustration (the jirga demo), not a fact of the public record';

export function isSynthetic(kind, body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  if (kind === 'prisoner') return body.synthetic === true;
  if (kind === 'incident' && Array.isArray(body.sources) &&
      body.sources.some((s) => s && typeof s === 'object' && s.scale === 'synthetic')) {
    return true;
  }
  return TEXT_FIELDS.some((f) => typeof body[f] === 'string' && body[f].startsWith(SYNTHETIC_PREFIX));
}
