// The coverage map of the minimum standard (staff page): one circle per town (large) and
// quarter (small) with a centre, coloured by its status and named in text beside it, so
// the map still orients without a tile server (the directory's Leaflet and tile settings;
// ankommen/directory/maps.py). The table below the map says everything the map shows.
(function () {
  "use strict";

  var COLOURS = { met: "#15803d", partly: "#a16207", missing: "#b91c1c" };

  function start() {
    var element = document.querySelector("[data-coverage-map]");
    if (!element || typeof L === "undefined") {
      return;
    }
    var settings;
    try {
      settings = JSON.parse(element.getAttribute("data-coverage-map") || "{}");
    } catch (error) {
      return;
    }
    var points = settings.coverage || [];
    if (!points.length) {
      return;
    }
    element.hidden = false;
    var words = settings.words || {};
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, zoomSnap: 0.25 });
    L.control.zoom({ zoomInTitle: words.zoomIn || "+", zoomOutTitle: words.zoomOut || "−" }).addTo(map);
    if (settings.tiles) {
      L.tileLayer(settings.tiles, {
        maxZoom: settings.maxZoom || 19,
        attribution: settings.attribution || "",
      }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lon], {
        radius: point.quarter ? 5 : 11,
        color: "#1f2937",
        weight: 1,
        fillColor: COLOURS[point.status] || "#71717a",
        fillOpacity: point.quarter ? 0.7 : 0.9,
        keyboard: false,
      }).addTo(map);
      var text = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = point.name;
      text.appendChild(name);
      text.appendChild(document.createTextNode(": " + point.label));
      if (point.gaps.length) {
        var list = document.createElement("ul");
        point.gaps.forEach(function (gap) {
          var item = document.createElement("li");
          item.textContent = gap;
          list.appendChild(item);
        });
        text.appendChild(list);
      }
      marker.bindPopup(text);
      if (!point.quarter) {
        var label = document.createElement("span");
        label.className = "coverage-map-label";
        label.lang = "de";
        label.textContent = point.name;
        marker.bindTooltip(label, { permanent: true, direction: "right", offset: [10, 0] });
      }
      bounds.push([point.lat, point.lon]);
    });
    map.fitBounds(L.latLngBounds(bounds), { paddingTopLeft: [50, 20], paddingBottomRight: [120, 20] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
