// Typed GraphQL operations for the console, generated from the gateway's printed schema.
// The client preset alone: typescript + typescript-operations in one file emit enums twice.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["console/src/**/*.{ts,tsx}", "!console/src/gql/**"],
  ignoreNoDocuments: false,
  generates: {
    "console/src/gql/": {
      preset: "client",
      config: {
        scalars: { DateTime: "string", Date: "string", JSON: "unknown" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
