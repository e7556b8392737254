/* FoodTrace public look-up: the phone camera, USB/built-in barcode scanners, the approximate place.
   Progressive enhancement: every page works without this file (type the code; the phone's own camera app
   opens a QR code's link). The camera uses the platform's copy of @zxing/library (window.ZXing) when it
   was installed, else the browser's own BarcodeDetector where there is one. */
(function () {
  "use strict";

  var body = document.body;
  var form = document.querySelector("form[data-lookup]");
  var field = form ? form.querySelector("input[name=code]") : null;

  function setVia(value) {
    var via = form && form.querySelector("[data-via]");
    if (via) { via.value = value; }
  }

  function lookupUrl(code, via) {
    var params = new URLSearchParams(body.getAttribute("data-lookup-params") || "");
    params.set("code", code);
    params.set("via", via);
    return (body.getAttribute("data-lookup-url") || "/lookup/") + "?" + params.toString();
  }

  function submitCode(code, via) {
    code = (code || "").trim();
    if (!code) { return; }
    if (form && field) {
      field.value = code;
      setVia(via);
      form.submit();
    } else {
      window.location.assign(lookupUrl(code, via));
    }
  }

  /* Keyboard wedge: a barcode scanner "types" the code far faster than a person and ends with Enter.
     In the code field the form submits itself (we only note how the code came); anywhere else the page
     looks the code up, so a shop assistant can scan without touching the screen. */
  var typed = "";
  var last = 0;
  var fast = true;
  var GAP_MS = 60;
  var MIN_LENGTH = 6;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    var now = Date.now();
    var gap = now - last;
    last = now;
    if (gap > 400) {
      typed = "";
      fast = true;
    } else if (typed && gap > GAP_MS) {
      fast = false;
    }
    if (event.key === "Enter") {
      if (typed.length >= MIN_LENGTH && fast) {
        if (event.target === field) {
          setVia("scanner");
        } else {
          event.preventDefault();
          submitCode(typed, "scanner");
        }
      }
      typed = "";
      return;
    }
    if (event.key && event.key.length === 1) { typed += event.key; }
  }, true);

  /* The camera. */
  var scanButton = document.querySelector("[data-scan]");
  var panel = document.querySelector("[data-scanner]");
  var video = panel ? panel.querySelector("video") : null;
  var statusLine = panel ? panel.querySelector("[data-scan-status]") : null;
  var stopButton = panel ? panel.querySelector("[data-scan-stop]") : null;
  var messages = {
    zh: {starting: "正在打开摄像头…", aim: "请将条码或二维码对准取景框", denied: "无法使用摄像头：请允许本页面使用摄像头，或直接输入追溯码。"},
    en: {starting: "Opening the camera…", aim: "Hold the barcode or QR code in the picture", denied: "The camera cannot be used: allow this page to use it, or type the code."}
  };
  var words = (document.documentElement.lang || "zh").indexOf("zh") === 0 ? messages.zh : messages.en;
  var reader = null;
  var stream = null;
  var detectTimer = null;
  var hasCamera = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia) && window.isSecureContext !== false;
  var hasZXing = !!(window.ZXing && window.ZXing.BrowserMultiFormatReader);
  var hasDetector = "BarcodeDetector" in window;

  function say(text) { if (statusLine) { statusLine.textContent = text; } }

  function stopCamera() {
    if (reader) { try { reader.reset(); } catch (e) { /* already stopped */ } reader = null; }
    if (detectTimer) { clearTimeout(detectTimer); detectTimer = null; }
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); stream = null; }
    if (video) { video.srcObject = null; }
    if (panel) { panel.hidden = true; }
    if (scanButton) { scanButton.hidden = false; }
  }

  function found(text) {
    stopCamera();
    submitCode(text, "camera");
  }

  function startZXing() {
    var hints = new Map();
    var F = window.ZXing.BarcodeFormat;
    hints.set(window.ZXing.DecodeHintType.POSSIBLE_FORMATS,
      [F.QR_CODE, F.DATA_MATRIX, F.EAN_13, F.EAN_8, F.UPC_A, F.CODE_128]);
    reader = new window.ZXing.BrowserMultiFormatReader(hints);
    return reader.decodeFromConstraints({video: {facingMode: "environment"}}, video, function (result) {
      if (result) { found(result.getText()); }
    });
  }

  function startDetector() {
    return window.BarcodeDetector.getSupportedFormats().then(function (supported) {
      var wanted = ["qr_code", "data_matrix", "ean_13", "ean_8", "upc_a", "code_128"].filter(function (f) {
        return supported.indexOf(f) >= 0;
      });
      var detector = new window.BarcodeDetector({formats: wanted});
      return navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (s) {
        stream = s;
        video.srcObject = s;
        return video.play().then(function () {
          (function look() {
            detector.detect(video).then(function (codes) {
              if (codes.length) { found(codes[0].rawValue); } else if (stream) { detectTimer = setTimeout(look, 200); }
            }, function () { if (stream) { detectTimer = setTimeout(look, 400); } });
          }());
        });
      });
    });
  }

  if (scanButton && panel && video && hasCamera && (hasZXing || hasDetector)) {
    scanButton.hidden = false;
    scanButton.addEventListener("click", function () {
      panel.hidden = false;
      scanButton.hidden = true;
      say(words.starting);
      var started = hasZXing ? startZXing() : startDetector();
      Promise.resolve(started).then(function () { say(words.aim); }, function () {
        stopCamera();
        say(words.denied);
        if (panel) { panel.hidden = false; }
      });
    });
    if (stopButton) { stopButton.addEventListener("click", stopCamera); }
    document.addEventListener("foodtrace:reset", stopCamera);
    window.addEventListener("pagehide", stopCamera);
  }

  /* The approximate place, only when the person ticks the box; rounded to 0.1° here and again on the server. */
  var locate = document.querySelector("[data-locate]");
  var locateRow = document.querySelector("[data-locate-row]");
  var lat = form ? form.querySelector("[data-lat]") : null;
  var lon = form ? form.querySelector("[data-lon]") : null;
  if (locate && locateRow && lat && lon && navigator.geolocation && window.isSecureContext !== false) {
    locateRow.hidden = false;
    locate.addEventListener("change", function () {
      lat.disabled = lon.disabled = true;
      if (!locate.checked) { return; }
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(1);
        lon.value = position.coords.longitude.toFixed(1);
        lat.disabled = lon.disabled = false;
      }, function () { locate.checked = false; }, {enableHighAccuracy: false, maximumAge: 600000, timeout: 10000});
    });
  }
}());
