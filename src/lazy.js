// Loads on-demand wasm modules (built by scripts/build-modules.sh, listed by web/boot.js in
// globalThis.promboardModules) once per page; a failed or crashed load is forgotten so the next
// call tries again.
const loaded = new Map();

export function load_module(name) {
  let promise = loaded.get(name);
  if (promise) return promise;
  const entry = (globalThis.promboardModules || {})[name];
  if (!entry) return Promise.reject(new Error(`module "${name}" is not in this build`));
  const base = document.baseURI;
  promise = import(new URL(entry.js, base).href).then(async (glue) => {
    await glue.default({ module_or_path: new URL(entry.wasm, base).href });
    return glue;
  });
  promise.catch(() => loaded.delete(name));
  loaded.set(name, promise);
  return promise;
}

export function forget_module(name) {
  loaded.delete(name);
}
