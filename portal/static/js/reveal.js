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
    // One answer, or several separated by spaces (any of them chosen shows the block).
    var wanted = block.getAttribute("data-shown-value").split(" ");
    function chosen() {
      var values = [];
      form.querySelectorAll("[name]").forEach(function (input) {
        if (input.name !== name || ((input.type === "radio" || input.type === "checkbox") && !input.checked)) {
          return;
        }
        values.push(input.value);
      });
      return values;
    }
    function update() {
      block.hidden = !chosen().some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === name) {
        update();
      }
    });
    update();
  });
})();
