// GraphQL Code Generator: the console's operations (the /* GraphQL */
// strings of src/queries.ts) typed against ../schema.graphql, the schema
// the server prints. CI regenerates it and fails when it differs.
const config = {
  schema: "../schema.graphql",
  documents: ["src/queries.ts"],
  generates: {
    "src/generated.ts": {
      plugins: ["typescript", "typescript-operations"],
      config: {
        scalars: { Date: "string", DateTime: "string", Upload: "File" },
        enumsAsTypes: true,
        onlyOperationTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false },
      },
    },
  },
};
export default config;
