// typescript-eslint's type-checked rules over coldstart's own code (`npm run lint`, part of `npm test`).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "templates/**", "fixtures/**", "node_modules/**", ".cache/**", "test/**", "bench/**", "scripts/**", "*.config.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Unused values are errors; a leading underscore marks one kept on purpose (a destructured rest).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // zod's `z` export is a namespace of all of zod (locales, JSON Schema): `import * as z` lets the build
      // keep only what is used (dist's zod chunk: 755 KB against 198 KB, loaded by every audit).
      "no-restricted-syntax": ["error", { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: 'Use `import * as z from "zod"`: the named `z` keeps all of zod in dist.' }],
    },
  },
);
