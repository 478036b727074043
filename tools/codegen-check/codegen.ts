// GraphQL Code Generator against the live server (its introspection) and
// the README's screen queries.
const config = {
  schema: process.env.SHISHI_GRAPHQL_URL,
  documents: ["documents/*.graphql"],
  generates: {
    "generated/graphql.ts": {
      plugins: ["typescript", "typescript-operations"],
      config: { scalars: { Date: "string", DateTime: "string", Upload: "File" } },
    },
  },
};
export default config;
