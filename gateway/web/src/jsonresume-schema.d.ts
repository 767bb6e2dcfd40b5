// The official JSON Resume package (a dev dependency, used by the conformance tests only): CommonJS, no types.
declare module "@jsonresume/schema" {
  const schema: {
    validate(resume: unknown, done: (errors: unknown[] | null, valid: boolean) => void): void;
    schema: object;
  };
  export default schema;
}
