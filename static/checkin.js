// Check-in desk: read ticket QR codes with the camera where the browser can (BarcodeDetector),
// and post what was read through the same form a person types into. Without the API, the page
// says so; typing the code, or scanning with the phone's camera app, still works.
(function () {
  "use strict";

  var box = document.getElementById("scanner");
  var form = document.getElementById("check-in-form");
  if (!box || !form) {
    return;
  }
  var input = form.querySelector("input[name='code']");
  var startButton = document.getElementById("scanner-start");
  var stopButton = document.getElementById("scanner-stop");
  var video = document.getElementById("scanner-video");
  var message = document.getElementById("scanner-message");
  var stream = null;
  var timer = null;

  function say(text) {
    message.textContent = text;
  }

  function stop() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  function submitCode(text) {
    stop();
    input.value = text;
    form.submit();
  }

  function scan(detector) {
    detector.detect(video).then(function (codes) {
      if (codes.length && codes[0].rawValue) {
        submitCode(codes[0].rawValue);
        return;
      }
      timer = setTimeout(function () { scan(detector); }, 250);
    }).catch(function () {
      timer = setTimeout(function () { scan(detector); }, 500);
    });
  }

  function start(detector) {
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(box.dataset.insecure);
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (mediaStream) {
        stream = mediaStream;
        video.srcObject = mediaStream;
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        say(box.dataset.scanning);
        return video.play().then(function () { scan(detector); });
      })
      .catch(function () {
        stop();
        say(box.dataset.denied);
      });
  }

  function unsupported() {
    startButton.hidden = true;
    say(box.dataset.unsupported);
  }

  // After each check-in the page reloads with the field empty: keep it ready for the next code.
  if (input && !input.value) {
    input.focus();
  }

  if (!("BarcodeDetector" in window)) {
    unsupported();
    return;
  }
  var formats = window.BarcodeDetector.getSupportedFormats
    ? window.BarcodeDetector.getSupportedFormats()
    : Promise.resolve(["qr_code"]);
  formats.then(function (supported) {
    if (supported.indexOf("qr_code") === -1) {
      unsupported();
      return;
    }
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    startButton.hidden = false;
    startButton.addEventListener("click", function () { start(detector); });
    stopButton.addEventListener("click", stop);
    window.addEventListener("pagehide", stop);
  }).catch(unsupported);
})();
