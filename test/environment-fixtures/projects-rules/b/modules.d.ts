declare module "*.txt" {
  const content: string | ArrayBuffer;
  export default content;
}
