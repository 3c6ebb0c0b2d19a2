// The directory map: loads the places of the filtered offers as GeoJSON and shows them with
// Leaflet. Without a configured tile server the markers stand on a plain background; without
// JavaScript the list alone is the directory.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("directory-map");
    if (!element || typeof L === "undefined") {
      return;
    }
    var map = L.map(element, { scrollWheelZoom: false });
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: element.getAttribute("data-attribution") || "",
      }).addTo(map);
    }
    map.setView([51.9, 8.38], 10);
    fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          onEachFeature: function (feature, marker) {
            var box = document.createElement("div");
            var title = document.createElement("strong");
            title.textContent = feature.properties.name;
            box.appendChild(title);
            var list = document.createElement("ul");
            feature.properties.offers.forEach(function (offer) {
              var item = document.createElement("li");
              var link = document.createElement("a");
              link.href = offer.url;
              link.textContent = offer.title;
              item.appendChild(link);
              list.appendChild(item);
            });
            box.appendChild(list);
            marker.bindPopup(box);
          },
        }).addTo(map);
        if (data.features.length) {
          map.fitBounds(layer.getBounds(), { maxZoom: 14, padding: [20, 20] });
        }
      })
      .catch(function () { element.hidden = true; });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
