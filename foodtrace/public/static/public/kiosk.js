/* FoodTrace kiosk (查询机): full screen on the first touch, the code field always ready for the barcode
   scanner, and back to the start screen after the set time without use. Without scripts the product page
   returns by <meta http-equiv="refresh"> (in <noscript>, so it never cuts a person short when this runs). */
(function () {
  "use strict";

  var body = document.body;
  if (!body.hasAttribute("data-kiosk")) { return; }
  var idleSeconds = parseInt(body.getAttribute("data-idle"), 10) || 60;
  var home = body.getAttribute("data-home") || "/kiosk/";
  var field = document.querySelector("form[data-lookup] input[name=code]");
  var timer = null;

  function focusField() {
    if (field && document.activeElement !== field) { field.focus({preventScroll: true}); }
  }

  function expire() {
    if (field) {  /* the start screen: clear what the last person left */
      field.value = "";
      var error = document.querySelector(".error");
      if (error) { error.parentNode.removeChild(error); }
      document.dispatchEvent(new Event("foodtrace:reset"));
      window.scrollTo(0, 0);
      focusField();
      arm();
    } else {
      window.location.replace(home);
    }
  }

  function arm() {
    clearTimeout(timer);
    timer = setTimeout(expire, idleSeconds * 1000);
  }

  ["pointerdown", "touchstart", "keydown", "wheel", "scroll"].forEach(function (name) {
    document.addEventListener(name, arm, {capture: true, passive: true});
  });
  arm();

  /* Browsers allow full screen only from a person's gesture: the first touch of each page. */
  document.addEventListener("pointerdown", function () {
    var root = document.documentElement;
    if (!document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().catch(function () { /* the kiosk browser may already be full screen */ });
    }
  }, {capture: true, once: true});

  /* The scanner types into the code field: keep it focused unless a button or link is being used. */
  if (field) {
    focusField();
    field.addEventListener("blur", function () {
      setTimeout(function () {
        var active = document.activeElement;
        if (!active || active === body || active === document.documentElement) { focusField(); }
      }, 0);
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest("a, button, input, select, textarea, summary, video")) { focusField(); }
    });
  }
}());
