// Every shipped JSON Schema under ajv's strict mode, the TypeScript json-schema-to-typescript
// generates from it (no numbered aliases such as Id1), and sample documents validated against
// their schema. Run by tests/integration/test_export.py where Node and these packages are:
//   node schema_check.js SCHEMA_DIR [KIND=FILE ...]
// Prints "ok", or one line per failure and exits 1.
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");
const { compile } = require("json-schema-to-typescript");
const dir = process.argv[2];
const failures = [];
(async () => {
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".schema.json")).sort()) {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
    const ajv = new Ajv({ strict: true, allErrors: true, logger: { log() {}, warn(m) { failures.push(`${name}: strict: ${m}`); }, error(m) { failures.push(`${name}: ${m}`); } } });
    addFormats(ajv);
    let validate;
    try { validate = ajv.compile(schema); } catch (e) { failures.push(`${name}: ${e.message}`); continue; }
    const ts = await compile(schema, schema.title || "Root", { bannerComment: "", additionalProperties: false });
    const numbered = [...new Set((ts.match(/\b(?:export (?:type|interface)) ([A-Za-z]+\d+)\b/g) || []))];
    if (numbered.length) failures.push(`${name}: numbered aliases: ${numbered.join(", ")}`);
    for (const sample of process.argv.slice(3)) {
      const [kind, file] = sample.split("=");
      if (name === `${kind}.schema.json` && !validate(JSON.parse(fs.readFileSync(file, "utf8"))))
        failures.push(`${file}: ${ajv.errorsText(validate.errors)}`);
    }
  }
  console.log(failures.length ? failures.join("\n") : "ok");
  process.exit(failures.length ? 1 : 0);
})();
