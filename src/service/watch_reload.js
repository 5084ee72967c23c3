// porth serve --watch only: reloads this tab when the site has been rebuilt. Pages for
// readers never include this file. The server holds each request until the build
// generation differs from the one this page was served with.
(function () {
  var generation = new URL(document.currentScript.src).searchParams.get("g");
  function wait() {
    fetch("/_porth/wait?g=" + generation, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (g) { if (g !== generation) { location.reload(); } else { wait(); } },
            function () { setTimeout(wait, 1000); });
  }
  wait();
})();
