// The oversight map: the watch zone, events from tracks (meetings, dark periods, coast
// approaches) and, on a vessel's page, the vessels' reports around each event (Leaflet,
// offline, coastlines from the server).
(function () {
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { worldCopyJump: true, attributionControl: false });
  const bbox = (el.dataset.bbox || "115,26,135,44").split(",").map(Number);
  map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]]);
  const text = s => String(s == null ? "" : s).replace(/[&<>"']/g,
    c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const view = map.getBounds().pad(0.1);
  const land = [Math.max(view.getWest(), -180), Math.max(view.getSouth(), -90),
                Math.min(view.getEast(), 180), Math.min(view.getNorth(), 90)].map(v => v.toFixed(1));
  fetch("/v1/geo/coastlines.geojson?bbox=" + land.join(",")).then(r => r.json()).then(geo => {
    L.geoJSON(geo, { style: { color: "#5b6776", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  });
  const colours = { sts_designated: "#b42318", sts_watch_zone: "#1f5f8b",
                    dark_in_watch_zone: "#344054", dprk_coast_approach: "#7a5af8" };
  fetch(el.dataset.layers).then(r => r.json()).then(geo => {
    const counts = { zone: 0, event: 0, track: 0 };
    L.geoJSON(geo, {
      style: f => f.properties.layer === "zone"
        ? { color: "#b54708", weight: 1, dashArray: "6 4", fill: false }
        : { color: "#1f5f8b", weight: 2, opacity: 0.7 },
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        radius: 6, color: colours[f.properties.flag] || "#b42318", weight: 2, fillOpacity: 0.5 }),
      onEachFeature: (f, lyr) => {
        const p = f.properties;
        counts[p.layer] = (counts[p.layer] || 0) + 1;
        if (p.layer === "event") {
          lyr.bindPopup("<strong>" + text(p.flag) + "</strong> " + text(p.vessels.join(", ")) + "<br>" +
            text(p.start) + ", " + text(p.hours) + " h<br>" + text(p.summary) +
            "<br><a href='" + text(p.href) + "'>finding " + text(p.finding) + "</a>");
        } else if (p.layer === "track") {
          lyr.bindTooltip("MMSI " + text(p.mmsi));
        } else {
          lyr.bindTooltip(text(p.name));
        }
      }
    }).addTo(map);
    el.dataset.events = String(counts.event);
    el.dataset.tracks = String(counts.track);
    el.dataset.loaded = "1";
  });
})();
