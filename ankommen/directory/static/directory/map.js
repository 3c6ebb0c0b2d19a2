// The public maps, drawn with Leaflet from the element's data-map settings (tile server,
// the region's towns, the words in the page's language: directory/maps.py):
// - the directory map (data-geojson): the places of the filtered offers, clustered with
//   Leaflet.markercluster, each with a popup (name, address, offers, the place's page);
// - a small map of one place (settings.point) on offer, event and place pages.
// Without a tile server the maps stand on a plain background and still orient: the towns'
// names and the places' names are written on them (labels that would overlap are hidden
// until zooming makes room). The maps add no tab stop per marker: the list beside the
// directory map, and the address and route links beside a small map, are the keyboard and
// screen-reader path. The elements are hidden until this script shows them, so without
// JavaScript nothing but the list and the links is on the page.
(function () {
  "use strict";

  function readSettings(element) {
    try {
      return JSON.parse(element.getAttribute("data-map") || "{}");
    } catch (error) {
      return null;
    }
  }

  function text(value) {
    var holder = document.createElement("span");
    holder.textContent = value;
    return holder.innerHTML;
  }

  function attribution(settings) {
    if (!settings.attribution) {
      return "";
    }
    if (!settings.attributionUrl || !/^https?:\/\//.test(settings.attributionUrl)) {
      return text(settings.attribution);
    }
    var link = document.createElement("a");
    link.href = settings.attributionUrl;
    link.rel = "noopener";
    link.textContent = settings.attribution;
    return link.outerHTML;
  }

  function pageDirection() {
    return document.documentElement.getAttribute("dir") || "ltr";
  }

  function label(name, className, lang) {
    var span = document.createElement("span");
    span.className = className;
    if (lang) {
      span.setAttribute("lang", lang);
    }
    span.setAttribute("dir", "auto");
    span.textContent = name;
    return span;
  }

  // Keeps the names readable where places crowd. A place's name stands above its pin (or
  // below it at the map's upper edge) and is hidden while it would cover another marker, a
  // cluster, a control or a name shown before it; a town's name then takes the first free spot at, below, above, right or
  // left of its centre, or waits for zooming or moving to make room. Inside a town (zoom
  // 14 and more) the towns' names give way.
  var TOWN_POSITIONS = [
    "translate(-50%, -50%)",
    "translate(-50%, 24px)",
    "translate(-50%, calc(-100% - 24px))",
    "translate(24px, -50%)",
    "translate(calc(-100% - 24px), -50%)",
  ];

  // A place's name above its pin, else below it (the default icon's tooltip anchor lies
  // 16 px right of the pin's tip and 28 px above it).
  var LABEL_POSITIONS = [
    { direction: "top", offset: [-16, -12] },
    { direction: "bottom", offset: [-16, 34] },
  ];

  function overlaps(box, others) {
    return others.some(function (other) {
      return !(box.right + 6 < other.left || box.left - 6 > other.right ||
        box.bottom + 2 < other.top || box.top - 2 > other.bottom);
    });
  }

  function inside(box, frame) {
    return box.left >= frame.left && box.right <= frame.right &&
      box.top >= frame.top && box.bottom <= frame.bottom;
  }

  function declutter(map, element) {
    var frame = element.getBoundingClientRect();
    var markers = Array.prototype.slice.call(
      element.querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon")
    );
    var icons = markers.map(function (icon) { return icon.getBoundingClientRect(); });
    var controls = Array.prototype.map.call(
      element.querySelectorAll(".leaflet-control"),
      function (control) { return control.getBoundingClientRect(); }
    );
    var shown = [];
    function free(box, obstacles) {
      return inside(box, frame) && !overlaps(box, obstacles) && !overlaps(box, controls) &&
        !overlaps(box, shown);
    }
    (map.labelled || []).forEach(function (marker) {
      var tooltip = marker.getTooltip();
      var node = tooltip && tooltip.getElement();
      if (!marker._map || !node || !node.parentNode) {
        return; // in a cluster, or not drawn
      }
      // Leaflet links a marker to its permanent tooltip (aria-describedby): a name may
      // touch its own pin.
      var others = icons.filter(function (_box, index) {
        return markers[index].getAttribute("aria-describedby") !== node.id;
      });
      node.classList.remove("map-label-hidden");
      var placed = LABEL_POSITIONS.some(function (position) {
        if (tooltip.options.direction !== position.direction) {
          tooltip.options.direction = position.direction;
          tooltip.options.offset = position.offset;
          tooltip.update();
        }
        var box = node.getBoundingClientRect();
        if (!free(box, others)) {
          return false;
        }
        shown.push(box);
        return true;
      });
      if (!placed) {
        node.classList.add("map-label-hidden");
      }
    });
    var townsVisible = map.getZoom() < 14;
    Array.prototype.forEach.call(element.querySelectorAll(".map-town"), function (node) {
      node.classList.remove("map-label-hidden");
      var placed = townsVisible && TOWN_POSITIONS.some(function (position) {
        node.style.transform = position;
        var box = node.getBoundingClientRect();
        if (!free(box, icons)) {
          return false;
        }
        shown.push(box);
        return true;
      });
      if (!placed) {
        node.style.transform = TOWN_POSITIONS[0];
        node.classList.add("map-label-hidden");
      }
    });
  }

  function baseMap(element, settings, options) {
    element.hidden = false;
    var words = settings.words || {};
    var map = L.map(element, L.extend({ scrollWheelZoom: false, zoomControl: false }, options));
    L.control.zoom({
      zoomInTitle: words.zoomIn || "+",
      zoomOutTitle: words.zoomOut || "−",
    }).addTo(map);
    if (settings.tiles) {
      L.tileLayer(settings.tiles, {
        maxZoom: settings.maxZoom || 19,
        attribution: attribution(settings),
      }).addTo(map);
    }
    map.setMaxZoom(settings.maxZoom || 19);
    var pane = map.createPane("towns");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    (settings.towns || []).forEach(function (town) {
      L.marker([town.lat, town.lon], {
        icon: L.divIcon({
          className: "map-town-anchor",
          html: label(town.name, "map-town", "de"),
          iconSize: null,
        }),
        interactive: false,
        keyboard: false,
        pane: "towns",
      }).addTo(map);
    });
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && words.close) {
        close.setAttribute("aria-label", words.close);
        close.title = words.close;
      }
    });
    var pending = false;
    map.declutter = function () {
      if (pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        declutter(map, element);
      });
    };
    map.on("zoomend moveend resize", map.declutter);
    return map;
  }

  // Room around the places for the controls (top left) and the names above the pins.
  var FIT = { paddingTopLeft: [50, 60], paddingBottomRight: [40, 30] };

  function townBounds(settings) {
    var towns = settings.towns || [];
    if (!towns.length) {
      return null;
    }
    return L.latLngBounds(towns.map(function (town) { return [town.lat, town.lon]; }));
  }

  function popup(properties, words) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.setAttribute("dir", pageDirection());
    var title = document.createElement("p");
    title.className = "map-popup-title";
    var strong = document.createElement("strong");
    strong.setAttribute("dir", "auto");
    if (properties.nameLang) {
      strong.setAttribute("lang", properties.nameLang);
    }
    strong.textContent = properties.name;
    title.appendChild(strong);
    box.appendChild(title);
    if (properties.address) {
      var address = document.createElement("p");
      address.setAttribute("lang", "de");
      address.setAttribute("dir", "ltr");
      address.textContent = properties.address;
      box.appendChild(address);
    }
    var offers = properties.offers || [];
    if (offers.length) {
      var heading = document.createElement("p");
      heading.className = "map-popup-heading";
      heading.textContent = words.offers || "";
      box.appendChild(heading);
      var list = document.createElement("ul");
      offers.forEach(function (offer) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = offer.url;
        if (offer.lang) {
          // A title in another language (the German fallback) says so.
          link.setAttribute("lang", offer.lang);
        }
        link.setAttribute("dir", offer.dir || "auto");
        link.textContent = offer.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    if (properties.url) {
      var more = document.createElement("p");
      var page = document.createElement("a");
      page.href = properties.url;
      page.textContent = words.place || properties.name;
      more.appendChild(page);
      box.appendChild(more);
    }
    return box;
  }

  function placeMarker(map, latlng, name, lang, options) {
    var marker = L.marker(latlng, L.extend({ title: name, alt: name, keyboard: false }, options));
    marker.bindTooltip(label(name, "map-label-text", lang), {
      permanent: true,
      direction: LABEL_POSITIONS[0].direction,
      offset: LABEL_POSITIONS[0].offset,
      className: "map-label",
      interactive: false,
    });
    map.labelled = map.labelled || [];
    map.labelled.push(marker);
    return marker;
  }

  function directoryMap(element, settings) {
    var words = settings.words || {};
    var map = baseMap(element, settings, { keyboard: true });
    var bounds = townBounds(settings);
    if (bounds) {
      map.fitBounds(bounds, FIT);
    } else {
      map.setView([51.16, 10.45], 6);
    }
    var group;
    if (typeof L.markerClusterGroup === "function") {
      // The cluster icons are markers too: no tab stop for them either.
      L.MarkerCluster.mergeOptions({ keyboard: false });
      group = L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 60,
        iconCreateFunction: function (cluster) {
          var count = cluster.getChildCount();
          var span = document.createElement("span");
          span.setAttribute("role", "img");
          span.setAttribute("aria-label", (words.cluster || "%(count)s").replace("%(count)s", count));
          span.textContent = count;
          return L.divIcon({ html: span, className: "map-cluster", iconSize: L.point(40, 40) });
        },
      });
      group.on("animationend", map.declutter);
    } else {
      group = L.featureGroup();
    }
    fetch(element.getAttribute("data-geojson"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        data.features.forEach(function (feature) {
          var coordinates = feature.geometry.coordinates;
          var marker = placeMarker(
            map,
            [coordinates[1], coordinates[0]],
            feature.properties.name,
            feature.properties.nameLang
          );
          // Room for the zoom buttons (top left) when the map pans to show the popup.
          marker.bindPopup(popup(feature.properties, words), {
            // The popup (its content and 44 px of padding) fits beside the zoom buttons.
            maxWidth: Math.max(160, Math.min(300, element.clientWidth - 130)),
            autoPanPaddingTopLeft: L.point(56, 12),
            autoPanPaddingBottomRight: L.point(12, 12),
          });
          group.addLayer(marker);
        });
        map.addLayer(group);
        if (data.features.length) {
          map.fitBounds(group.getBounds(), L.extend({ maxZoom: 14 }, FIT));
        }
        element.setAttribute("data-ready", "true");
        map.declutter();
      })
      .catch(function () {
        element.hidden = true;
      });
  }

  function smallMap(element, settings) {
    var point = settings.point;
    var map = baseMap(element, settings, { keyboard: false });
    map.setView([point.lat, point.lon], Math.min(15, settings.maxZoom || 19));
    placeMarker(map, [point.lat, point.lon], point.name, point.nameLang, {
      interactive: false,
    }).addTo(map);
    element.setAttribute("data-ready", "true");
    map.declutter();
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (element) {
      var settings = readSettings(element);
      if (!settings) {
        return;
      }
      if (element.hasAttribute("data-geojson")) {
        directoryMap(element, settings);
      } else if (settings.point) {
        smallMap(element, settings);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
