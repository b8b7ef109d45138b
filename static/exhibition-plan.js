// Exhibition floor plans: zoom buttons, Ctrl + wheel and two-finger pinch enlarge the SVG inside
// its scrolling viewport. Without JavaScript the plan simply fits the width of the page.
(function () {
  "use strict";

  var STEP = 1.5;
  var MIN_SCALE = 1;
  var MAX_SCALE = 8;
  var READABLE_PX_PER_METRE = 10; // a 3 m booth at least 30 px wide when the page opens

  function distance(touches) {
    var dx = touches[0].clientX - touches[1].clientX;
    var dy = touches[0].clientY - touches[1].clientY;
    return Math.sqrt(dx * dx + dy * dy);
  }

  function setup(figure) {
    var viewport = figure.querySelector("[data-plan-viewport]");
    var svg = viewport && viewport.querySelector("svg");
    var controls = figure.querySelector("[data-plan-zoom]");
    if (!svg || !controls) { return; }
    var scale = 1;

    function zoom(target, focusX, focusY) {
      var next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, target));
      var ratio = next / scale;
      var left = (viewport.scrollLeft + focusX) * ratio - focusX;
      var top = (viewport.scrollTop + focusY) * ratio - focusY;
      scale = next;
      svg.style.width = (scale * 100) + "%";
      viewport.scrollLeft = left;
      viewport.scrollTop = top;
      figure.setAttribute("data-zoom-level", scale.toFixed(2));
      controls.querySelector('[data-zoom="out"]').disabled = scale <= MIN_SCALE;
      controls.querySelector('[data-zoom="in"]').disabled = scale >= MAX_SCALE;
    }

    function centreX() { return viewport.clientWidth / 2; }
    function centreY() { return viewport.clientHeight / 2; }

    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-zoom]");
      if (!button) { return; }
      var action = button.getAttribute("data-zoom");
      if (action === "in") { zoom(scale * STEP, centreX(), centreY()); }
      else if (action === "out") { zoom(scale / STEP, centreX(), centreY()); }
      else { zoom(MIN_SCALE, 0, 0); }
    });

    viewport.addEventListener("wheel", function (event) {
      if (!event.ctrlKey) { return; }
      event.preventDefault();
      var box = viewport.getBoundingClientRect();
      zoom(scale * (event.deltaY < 0 ? 1.1 : 1 / 1.1), event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });

    var pinch = null;
    viewport.addEventListener("touchstart", function (event) {
      if (event.touches.length === 2) { pinch = { distance: distance(event.touches), scale: scale }; }
    }, { passive: true });
    viewport.addEventListener("touchmove", function (event) {
      if (!pinch || event.touches.length !== 2) { return; }
      event.preventDefault();
      var box = viewport.getBoundingClientRect();
      var midX = (event.touches[0].clientX + event.touches[1].clientX) / 2 - box.left;
      var midY = (event.touches[0].clientY + event.touches[1].clientY) / 2 - box.top;
      zoom(pinch.scale * distance(event.touches) / pinch.distance, midX, midY);
    }, { passive: false });
    viewport.addEventListener("touchend", function (event) {
      if (event.touches.length < 2) { pinch = null; }
    });

    var hallWidth = parseFloat(figure.getAttribute("data-hall-width"));
    var pxPerMetre = viewport.clientWidth / hallWidth;
    if (pxPerMetre > 0 && pxPerMetre < READABLE_PX_PER_METRE) {
      zoom(Math.min(3, READABLE_PX_PER_METRE / pxPerMetre), 0, 0);
    } else {
      zoom(MIN_SCALE, 0, 0);
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-plan]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
