// A town box marked by forms.steps.address (data-city-postcodes) is filled with this city's name
// once one of its postcodes is typed, and emptied again if the postcode changes to another place.
// It never replaces what the person typed. Without this script the server fills in the same town.
(function () {
  "use strict";
  document.querySelectorAll("input[data-city-postcodes]").forEach(function (city) {
    var form = city.form;
    var prefix = city.name.slice(0, city.name.length - "city".length);
    var postcode = form && form.elements.namedItem(prefix + "postcode");
    if (!postcode) {
      return;
    }
    var country = form.elements.namedItem(prefix + "country");
    var known = city.getAttribute("data-city-postcodes").split(" ");
    var filled = "";
    function update() {
      if (city.value !== "" && city.value !== filled) {
        return; // typed by the person
      }
      var here = known.indexOf(postcode.value.trim()) !== -1 && (!country || country.value === "DE");
      city.value = here ? city.getAttribute("data-city-name") : "";
      filled = city.value;
    }
    postcode.addEventListener("input", update);
    if (country) {
      country.addEventListener("change", update);
    }
    update();
  });
})();
