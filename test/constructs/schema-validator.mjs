// Validates Kubernetes objects against the OpenAPI schemas of `kubernetes-models` (Kubernetes 1.34+ schemas).
// kubernetes-models is ESM-only, which jest (CommonJS, no --experimental-vm-modules) cannot resolve, so the
// tests run this file in a child Node process: JSON array of objects on stdin, JSON array of results on stdout.
// A result is { index, errors: string[] } or { index, skipped: reason } for a kind with no built-in schema.
const modules = new Map();

async function modelClass(apiVersion, kind) {
  // Core objects (`v1`) live in kubernetes-models/v1, the others in kubernetes-models/<group>/<version>.
  const path = `kubernetes-models/${apiVersion}`;
  if (!modules.has(path)) modules.set(path, await import(path).catch(() => undefined));
  const module = modules.get(path);
  return module?.[kind];
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const [index, manifest] of JSON.parse(input).entries()) {
  const Model = await modelClass(String(manifest.apiVersion), String(manifest.kind));
  if (!Model) {
    results.push({ index, skipped: `no built-in schema for ${manifest.apiVersion} ${manifest.kind}` });
    continue;
  }
  try {
    new Model(manifest).validate();
    results.push({ index, errors: [] });
  } catch (error) {
    const errors = Array.isArray(error.errors)
      ? error.errors.map((e) => `${e.instancePath || '/'} ${e.message}`)
      : [String(error.message ?? error)];
    results.push({ index, errors });
  }
}
process.stdout.write(JSON.stringify(results));
