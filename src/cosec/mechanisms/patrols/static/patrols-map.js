// The patrol map: routes as lines on the river, the charter's stations, the positions a
// patrol's reports logged, and the cases by category (Leaflet, offline, no inline script).
(function () {
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { attributionControl: false }).setView([20.9, 100.9], 7);
  const text = s => String(s == null ? "" : s).replace(/[&<>"']/g,
    c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  function land(bounds) {
    // The land and borders around what is drawn (the Mekong by default).
    const b = bounds.isValid() ? bounds.pad(0.5) : L.latLngBounds([16, 96], [25, 106]);
    const box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
                 Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)].map(v => v.toFixed(2));
    fetch("/v1/geo/coastlines.geojson?bbox=" + box.join(",")).then(r => r.json()).then(geo => {
      L.geoJSON(geo, { style: { color: "#5b6776", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
        .addTo(map).bringToBack();
      el.dataset.land = "1";
    }).catch(() => {});
  }
  const colours = { CAT1: "#b42318", CAT2: "#dc6803", CAT3: "#eaaa08", CAT4: "#98a2b3" };
  fetch(el.dataset.geo).then(r => r.json()).then(geo => {
    const counts = { route: 0, station: 0, case: 0, position: 0 };
    const layer = L.geoJSON(geo, {
      style: f => f.geometry.type === "LineString"
        ? { color: f.properties.status === "overdue" ? "#b54708" : "#1f5f8b", weight: 3, opacity: 0.6 }
        : {},
      pointToLayer: (f, latlng) => {
        const p = f.properties;
        if (p.kind === "station") return L.circleMarker(latlng, { radius: 5, color: "#067647", weight: 2, fillOpacity: p.visited ? 0.9 : 0.2 });
        if (p.kind === "position") return L.circleMarker(latlng, { radius: 3, color: "#6941c6", weight: 1, fillOpacity: 0.8 });
        return L.circleMarker(latlng, { radius: 7, color: colours[p.category] || "#1b2430", weight: 2, fillOpacity: 0.7 });
      },
      onEachFeature: (f, lyr) => {
        const p = f.properties;
        counts[p.kind] = (counts[p.kind] || 0) + 1;
        const label = text(p.label) + (p.status ? " · " + text(p.status) : "");
        lyr.bindPopup(p.href ? "<a href='" + text(p.href) + "'>" + label + "</a>" : label);
      }
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.1), { maxZoom: 10 });
    land(bounds);
    el.dataset.routes = String(counts.route);
    el.dataset.stations = String(counts.station);
    el.dataset.cases = String(counts.case);
    el.dataset.loaded = String(geo.features.length);
  });
})();
