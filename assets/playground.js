// shishi's GraphQL playground: GraphiQL 4 from this server's own files, the
// API at /graphql on the same origin (queries over HTTP, subscriptions over
// WebSocket), with a first query that shows real data.
(function () {
  var base = window.location.origin;
  var ws = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + "/graphql";
  var fetcher = GraphiQL.createFetcher({ url: base + "/graphql", subscriptionUrl: ws });
  var first = [
    "# shishi · 民生实事项目 GraphQL",
    "# Ctrl-Enter runs the query; the Docs button lists every type.",
    "{",
    "  reports { year period asOf projectCount }",
    "  projects(first: 5) {",
    "    totalCount",
    "    nodes { serialNo name units { name } latest { completionRate status light } }",
    "  }",
    "}",
    "",
  ].join("\n");
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: first,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
    })
  );
})();
