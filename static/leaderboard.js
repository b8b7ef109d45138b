// Live final leaderboard for the big screen: polls the round's live.json every few seconds and
// redraws the pitch order (with how many judges have scored) and, once the organisers reveal
// them, the standings. Text is only ever set with textContent, so names cannot inject markup.
(function () {
  "use strict";

  var board = document.getElementById("leaderboard");
  if (!board || !window.fetch) {
    return;
  }
  var source = board.getAttribute("data-source");
  var interval = Math.max(2, parseInt(board.getAttribute("data-interval"), 10) || 5) * 1000;
  var finalists = document.getElementById("finalists");
  var standings = document.getElementById("standings");
  var waiting = document.getElementById("standings-waiting");
  var status = document.getElementById("live-status");
  var language = document.documentElement.lang || "vi";
  var scoreFormat = new Intl.NumberFormat(language, {minimumFractionDigits: 2, maximumFractionDigits: 2});
  var last = null;

  function label(name, values) {
    var text = board.getAttribute("data-label-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function item(name, team, extra, extraClass) {
    var entry = document.createElement("div");
    entry.appendChild(span("leaderboard-name", name));
    entry.appendChild(document.createTextNode(" "));
    entry.appendChild(span("leaderboard-team", team));
    var row = document.createElement("div");
    row.className = "leaderboard-row";
    row.appendChild(entry);
    row.appendChild(span(extraClass, extra));
    var li = document.createElement("li");
    li.appendChild(row);
    return li;
  }

  function replaceChildren(list, items) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (child) { list.appendChild(child); });
  }

  function draw(data) {
    replaceChildren(finalists, data.finalists.map(function (finalist) {
      return item(finalist.project, finalist.team,
                  label("judges", {submitted: finalist.submitted, assigned: finalist.assigned}), "leaderboard-progress");
    }));
    var rows = data.revealed && data.standings ? data.standings : [];
    replaceChildren(standings, rows.map(function (row) {
      var li = item(row.project, row.team, scoreFormat.format(row.score), "leaderboard-score");
      li.value = row.rank;
      return li;
    }));
    standings.hidden = !data.revealed;
    waiting.hidden = !!data.revealed;
  }

  function poll() {
    fetch(source, {cache: "no-store", headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (text) {
        status.textContent = label("live");
        status.classList.remove("is-offline");
        if (text !== last) {  // redraw only when something changed: no flicker on the big screen
          last = text;
          draw(JSON.parse(text));
        }
      })
      .catch(function () {
        status.textContent = label("offline");
        status.classList.add("is-offline");
      })
      .then(function () {
        window.setTimeout(poll, interval);
      });
  }

  window.setTimeout(poll, interval);
})();
