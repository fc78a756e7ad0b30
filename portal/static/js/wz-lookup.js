// The WZ code lookup inside the wizard's help: search by words, then one button fills in the code.
// Without JavaScript the help links to the search page instead (services/catalog/views.py).
(function () {
  "use strict";
  document.querySelectorAll("[data-wz-lookup]").forEach(function (lookup) {
    var form = lookup.closest("form");
    var codeInput = form && form.querySelector('input[name$="wz_code"]');
    if (!codeInput) {
      return;
    }
    var words = lookup.querySelector("input[type=search]");
    var results = lookup.querySelector(".wz-lookup-results");

    function show(found) {
      results.replaceChildren();
      if (!found.length) {
        var none = document.createElement("p");
        none.textContent = lookup.getAttribute("data-wz-none");
        results.append(none);
        return;
      }
      var list = document.createElement("ul");
      found.forEach(function (entry) {
        var item = document.createElement("li");
        var use = document.createElement("button");
        use.type = "button";
        use.className = "button secondary";
        use.textContent = lookup.getAttribute("data-wz-use");
        use.setAttribute("aria-label", lookup.getAttribute("data-wz-use") + ": " + entry.code + " " + entry.title);
        use.addEventListener("click", function () {
          codeInput.value = entry.code;
          codeInput.focus();
        });
        var text = document.createElement("span");
        text.textContent = entry.code + " " + entry.title + (entry.class ? " (" + entry.class + ")" : "");
        item.append(text, " ", use);
        list.append(item);
      });
      results.append(list);
    }

    function search() {
      var query = words.value.trim();
      if (!query) {
        return;
      }
      var url = lookup.getAttribute("data-wz-lookup") + "?format=json&suche=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) { show(data.results.slice(0, 10)); });
    }

    lookup.querySelector("button").addEventListener("click", search);
    words.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter searches here; it must not submit the wizard's step.
        search();
      }
    });
    lookup.hidden = false;
  });
})();
