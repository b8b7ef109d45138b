// Stall videos load only when the visitor asks: until "Play" is pressed the page holds a plain
// button, so the browser makes no request to YouTube or Vimeo and no cookie can be set.
(function () {
  "use strict";

  var ALLOWED = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;

  function play(box) {
    var source = box.getAttribute("data-video-embed") || "";
    if (!ALLOWED.test(source)) {
      return;
    }
    var frame = document.createElement("iframe");
    frame.src = source + (source.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
    frame.title = box.getAttribute("data-video-title") || "";
    frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    box.replaceChildren(frame);
    frame.focus();
  }

  document.querySelectorAll("[data-video-embed]").forEach(function (box) {
    var button = box.querySelector(".stall-video-play");
    if (button) {
      button.addEventListener("click", function () { play(box); });
    }
  });
})();
