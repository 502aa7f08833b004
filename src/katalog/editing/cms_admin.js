// The catalogue's part of the editing page (/admin/): copied into the site by katalog.cms.
//
// It registers the "katalog-yaml" format and then starts Sveltia CMS (which keeps Decap's API).
// The format reads data/initiatives.yaml and writes an edit back into the file as it was, so comments, blank
// lines and the layout of everything the editor did not touch stay as they are, and the pull
// request shows only the change:
//   1. only values changed: each changed value is replaced in the file's own text (yaml's CST);
//   2. fields or list items added or removed: the edit is merged into the parsed document,
//      which keeps comments; new keys go where the record model puts them;
//   3. if either result would not read back as exactly the edited data, plain YAML is written.
// Every result is read back and compared with the edited data before it is handed to the CMS.
//
// The form sees one thing differently from the file: a field that holds either a fixed word or a
// record (a result's comparison: 'ingen' or a group with its value) is an object with a choice
// ("variant") in the form, because a CMS field cannot be both. katalog.cms lists those fields.
// Empty texts, numbers the editor cleared, and the nulls and empty lists the CMS fills in for fields
// the record leaves out are all left out, as the model reads a missing field (an empty list the
// file writes stays). A text that differs from the file's only by its final line break (the
// Markdown editor trims it) keeps the file's.

import YAML from "./yaml/index.js";

const SPEC = JSON.parse(document.getElementById("katalog-cms").textContent);
const WRITE = { lineWidth: 0, indentSeq: true };

let base = null; // the text of the file last read, which an edit is written into

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function same(a, b) {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && same(a[k], b[k]));
  }
  return false;
}

function pattern(path) {
  return path.map((part) => (typeof part === "number" ? "*" : part)).join(".");
}

function unionAt(path) {
  const here = pattern(path);
  return SPEC.unions.find((u) => u.path.join(".") === here);
}

// File → form: a union field's word or record becomes an object with a variant.
function toForm(value, path = []) {
  const union = unionAt(path);
  if (union && typeof value === "string") return { [union.key]: value };
  if (union && isObject(value)) return { [union.key]: union.record, ...formEntries(value, path) };
  if (Array.isArray(value)) return value.map((item, i) => toForm(item, [...path, i]));
  if (isObject(value)) return formEntries(value, path);
  return value;
}

function formEntries(value, path) {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toForm(v, [...path, k])]));
}

function blank(value) {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    (typeof value === "number" && Number.isNaN(value))
  );
}

// The edit as the file says it: an empty list the CMS added for a field the record leaves out is
// left out again, and a text that only lost its final line break keeps the file's.
function likeFile(wanted, old) {
  if (typeof wanted === "string" && typeof old === "string") return old === `${wanted}\n` ? old : wanted;
  if (Array.isArray(wanted) && Array.isArray(old)) {
    const byId = new Map(old.filter((item) => isObject(item) && typeof item.id === "string").map((item) => [item.id, item]));
    return wanted.map((item, i) => likeFile(item, isObject(item) && byId.has(item.id) ? byId.get(item.id) : old[i]));
  }
  if (isObject(wanted) && isObject(old)) {
    return Object.fromEntries(
      Object.entries(wanted)
        .filter(([k, v]) => k in old || !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, likeFile(v, old[k])]),
    );
  }
  return wanted;
}

function parsed(text) {
  try {
    return text === null ? undefined : YAML.parse(text);
  } catch {
    return undefined;
  }
}

// Form → file: empty texts and cleared numbers are dropped (the model reads a missing field as
// "not stated"), empty objects too, and a union's object goes back to its word or record.
function toFile(value, path = []) {
  const union = unionAt(path);
  if (union && isObject(value)) {
    const { [union.key]: variant, ...record } = value;
    if (union.literals.includes(variant)) return variant;
    return fileEntries(record, path);
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => toFile(item, [...path, i])).filter((item) => !blank(item));
  }
  if (isObject(value)) return fileEntries(value, path);
  return blank(value) ? undefined : value;
}

function fileEntries(value, path) {
  const entries = Object.entries(value)
    .map(([k, v]) => [k, toFile(v, [...path, k])])
    .filter(([, v]) => !blank(v));
  return entries.length ? Object.fromEntries(entries) : undefined;
}

// 1. Only values changed: collect [path, value] for each scalar that differs; null if anything else did.
function valueChanges(node, wanted, path, out) {
  if (YAML.isScalar(node)) {
    if (isObject(wanted) || Array.isArray(wanted)) return null;
    if (!same(node.value, wanted)) out.push([path, wanted]);
    return out;
  }
  if (YAML.isMap(node)) {
    if (!isObject(wanted)) return null;
    const keys = node.items.map((pair) => (YAML.isScalar(pair.key) ? pair.key.value : pair.key));
    if (keys.length !== Object.keys(wanted).length || !keys.every((k) => k in wanted)) return null;
    for (const pair of node.items) {
      const key = pair.key.value;
      if (valueChanges(pair.value, wanted[key], [...path, key], out) === null) return null;
    }
    return out;
  }
  if (YAML.isSeq(node)) {
    if (!Array.isArray(wanted) || wanted.length !== node.items.length) return null;
    for (let i = 0; i < node.items.length; i++) {
      if (valueChanges(node.items[i], wanted[i], [...path, i], out) === null) return null;
    }
    return out;
  }
  return null;
}

// Whether a text can be written plain: read back as the same text by YAML 1.2 and by 1.1 readers
// (which take 'no', 'on' and dates for something else), as katalog fmt writes it.
function plainSafe(value) {
  if (value.includes("\n")) return false;
  try {
    return YAML.parse(value) === value && YAML.parse(value, { version: "1.1" }) === value;
  } catch {
    return false;
  }
}

// How a changed value is written into its scalar: the scalar's own style where the value allows it.
function styleFor(token, value) {
  if (typeof value !== "string") return { source: value === null ? "null" : String(value), context: { type: "PLAIN" } };
  if (token.type === "block-scalar") return { source: value, context: {} };
  if (value.includes("\n")) return { source: value, context: { type: "BLOCK_LITERAL" } };
  return { source: value, context: plainSafe(value) || token.type !== "scalar" ? {} : { type: "QUOTE_DOUBLE" } };
}

function editValues(text, wanted) {
  const tokens = Array.from(new YAML.Parser().parse(text));
  const docs = Array.from(new YAML.Composer({ keepSourceTokens: true }).compose(tokens));
  if (docs.length !== 1 || docs[0].errors.length) return null;
  const changes = valueChanges(docs[0].contents, wanted, [], []);
  if (changes === null) return null;
  if (changes.length === 0) return text;
  for (const [path, value] of changes) {
    const token = docs[0].getIn(path, true).srcToken;
    const { source, context } = styleFor(token, value);
    // Every value here follows a key or a "- ", so a block scalar's lines go two columns further in.
    YAML.CST.setScalarValue(token, source, { afterKey: true, ...context });
  }
  return tokens.map((token) => YAML.CST.stringify(token)).join("");
}

// 2. Structure changed: merge into the document, reusing every node that is still right.
function keyOf(pair) {
  return YAML.isScalar(pair.key) ? pair.key.value : pair.key;
}

function merge(doc, node, wanted, path) {
  if (isObject(wanted)) {
    const map = YAML.isMap(node) ? node : doc.createNode({});
    map.items = map.items.filter((pair) => keyOf(pair) in wanted);
    const order = SPEC.order[pattern(path)] || [];
    for (const [key, value] of Object.entries(wanted)) {
      const pair = map.items.find((p) => keyOf(p) === key);
      if (pair) {
        pair.value = merge(doc, pair.value, value, [...path, key]);
        continue;
      }
      // A new key goes before the first present key that comes after it in the model.
      const rank = order.indexOf(key);
      let at = rank < 0 ? -1 : map.items.findIndex((p) => order.indexOf(keyOf(p)) > rank);
      if (at < 0) at = map.items.length;
      map.items.splice(at, 0, doc.createPair(key, merge(doc, undefined, value, [...path, key])));
    }
    return map;
  }
  if (Array.isArray(wanted)) {
    const seq = YAML.isSeq(node) ? node : doc.createNode([]);
    // Records are matched by id (so removing or moving one leaves the others' comments in place), the rest by position.
    const old = new Map(seq.items.map((item, i) => [YAML.isMap(item) && item.has("id") ? `id:${item.get("id")}` : i, item]));
    const used = new Set();
    seq.items = wanted.map((value, i) => {
      let item = old.get(isObject(value) && typeof value.id === "string" ? `id:${value.id}` : i);
      if (used.has(item)) item = undefined;
      used.add(item);
      const merged = merge(doc, item, value, [...path, i]);
      // Records at the top of the file are set apart by a blank line, like the others.
      if (item === undefined && path.length === 1 && YAML.isNode(merged)) merged.spaceBefore = true;
      return merged;
    });
    return seq;
  }
  if (YAML.isScalar(node) && same(node.value, wanted)) return node;
  const scalar = doc.createNode(wanted);
  if (typeof wanted === "string") {
    if (wanted.includes("\n")) scalar.type = "BLOCK_LITERAL";
    else if (!plainSafe(wanted)) scalar.type = "QUOTE_DOUBLE";
  }
  if (YAML.isNode(node)) {
    scalar.commentBefore = node.commentBefore;
    scalar.comment = node.comment;
  }
  return scalar;
}

function mergeDocument(text, wanted) {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) return null;
  doc.contents = merge(doc, doc.contents, wanted, []);
  // yaml would re-wrap the texts that span lines (folded ones); the ones kept from the file are
  // written as a marker and then replaced by their own lines from the file, exactly as they were.
  const kept = new Map();
  const nonce = Math.random().toString(36).slice(2);
  YAML.visit(doc, {
    Scalar(key, node) {
      if (key === "key" || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]);
      if (!source.trimEnd().includes("\n")) return;
      const marker = `katalog-${nonce}-${kept.size}`;
      kept.set(marker, source.endsWith("\n") ? source.slice(0, -1) : source);
      node.value = marker;
      node.type = "PLAIN";
    },
  });
  let out = doc.toString(WRITE);
  for (const [marker, source] of kept) out = out.replace(marker, () => source);
  return out;
}

function readsAs(text, wanted) {
  try {
    return text !== null && same(YAML.parse(text), wanted);
  } catch {
    return false;
  }
}

export function write(original, data) {
  const wanted = likeFile(toFile(data) || {}, parsed(original));
  for (const attempt of [editValues, mergeDocument]) {
    if (original === null) break;
    let text = null;
    try {
      text = attempt(original, wanted);
    } catch (error) {
      console.warn(`katalog-yaml: ${attempt.name} gav op`, error);
    }
    if (readsAs(text, wanted)) return text;
  }
  return YAML.stringify(wanted, WRITE);
}

export function read(content) {
  const doc = YAML.parseDocument(content);
  if (doc.errors.length) {
    throw new Error(`Datafilen er ikke gyldig YAML:\n${doc.errors.map((e) => e.message).join("\n")}`);
  }
  base = content;
  return toForm(doc.toJS());
}

const CMS = globalThis.window?.CMS;
if (CMS) {
  CMS.registerCustomFormat(SPEC.format, "yaml", {
    fromFile: read,
    toFile: (data) => write(base, data),
  });
  CMS.init();
}
