// Festival pages: a countdown to the opening. Without JavaScript the plain date stays;
// with it, the hidden [data-countdown-clock] shows days, hours and minutes left.
(function () {
  "use strict";

  function update(box) {
    var clock = box.querySelector("[data-countdown-clock]");
    var left = Date.parse(box.getAttribute("data-countdown")) - Date.now();
    if (!clock || isNaN(left) || left <= 0) {
      if (clock) { clock.hidden = true; }
      return false;
    }
    var minutes = Math.floor(left / 60000);
    clock.querySelector("[data-countdown-days]").textContent = Math.floor(minutes / 1440);
    clock.querySelector("[data-countdown-hours]").textContent = Math.floor((minutes % 1440) / 60);
    clock.querySelector("[data-countdown-minutes]").textContent = minutes % 60;
    clock.hidden = false;
    return true;
  }

  function start() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-countdown]"));
    boxes = boxes.filter(update);
    if (boxes.length) {
      var timer = window.setInterval(function () {
        boxes = boxes.filter(update);
        if (!boxes.length) { window.clearInterval(timer); }
      }, 30000);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
