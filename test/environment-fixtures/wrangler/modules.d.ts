declare module "*.html" {
  const text: string;
  export default text;
}
declare module "*.md" {
  const text: string;
  export default text;
}
declare module "*.bin" {
  const data: ArrayBuffer;
  export default data;
}
declare module "*.wasm" {
  // A WebAssembly.Module (no WebAssembly types in this project's lib).
  const module: object;
  export default module;
}
