export default { fetch: () => new Response("{{name}} says {{unknown}}") };
