import { ts } from "ts-morph";

/**
 * Hooks whose callback never runs during server rendering: React's effects, Solid's onMount and
 * createEffect, Vue's onMounted and onBeforeMount, Svelte's onMount, Qwik's useVisibleTask$.
 */
const CLIENT_HOOKS = new Set(["useEffect", "useLayoutEffect", "useInsertionEffect", "onMount", "createEffect", "onMounted", "onBeforeMount", "useVisibleTask$"]);

/**
 * Whether `node` is code that runs only in the browser, though it sits in a file the server runs
 * (a SolidStart or React Router route module, whose component is rendered on the server too, beside
 * its server functions or loader): a JSX event handler (`onSubmit={...}`, Solid's `on:click`), or a
 * client-only hook's call. The server renders the component but never calls these.
 */
export function isBrowserOnly(node: ts.Node): boolean {
  if (ts.isJsxAttribute(node)) {
    const name = node.name;
    if (ts.isIdentifier(name)) return /^on[A-Z]/.test(name.text);
    return name.namespace.text === "on" || name.namespace.text === "oncapture";
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    return name !== undefined && CLIENT_HOOKS.has(name) && node.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
  }
  return false;
}
