// A question asked only after one answer to another (forms.steps.fields.shown_with) stays hidden
// until that answer is chosen: the GOV.UK conditional reveal. Without this script it is simply shown.
(function () {
  "use strict";
  document.querySelectorAll("[data-shown-with]").forEach(function (block) {
    var form = block.closest("form");
    if (!form) {
      return;
    }
    var name = block.getAttribute("data-shown-with");
    var wanted = block.getAttribute("data-shown-value");
    function update() {
      var question = form.elements.namedItem(name);
      block.hidden = !question || question.value !== wanted;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === name) {
        update();
      }
    });
    update();
  });
})();
