// Live progress of a job page: server-sent events, polling when they fail; the page reloads when the job ends.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || box.getAttribute("data-finished") === "yes") { return; }
  var base = "/jobs/" + encodeURIComponent(box.getAttribute("data-job"));
  var done = false;

  function show(snapshot) {
    if (done) { return; }
    box.innerHTML = snapshot.html;  // rendered by the server's template, autoescaped
    if (snapshot.finished) { done = true; window.location.reload(); }
  }

  function poll() {
    if (done) { return; }
    fetch(base + "/progress", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(show)
      .catch(function () { /* a missed beat: try again on the next one */ })
      .then(function () { if (!done) { window.setTimeout(poll, 2000); } });
  }

  if (!window.EventSource) { poll(); return; }
  var failures = 0;
  var source = new EventSource(base + "/events");
  source.addEventListener("progress", function (event) {
    failures = 0;
    show(JSON.parse(event.data));
  });
  source.onerror = function () {
    // A refused stream (proxy, HTTP error) is closed for good; a dropped one is retried by the browser.
    failures += 1;
    if (!done && (source.readyState === EventSource.CLOSED || failures >= 3)) { source.close(); poll(); }
  };
}());
