// The evidence map: coastlines, events, and the tracks behind an event (Leaflet, offline).
(function () {
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { worldCopyJump: true, attributionControl: false });
  const bbox = (el.dataset.bbox || "100,-10,150,45").split(",").map(Number);
  map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]]);
  const pad = 3;
  const coastUrl = "/v1/geo/coastlines.geojson?bbox=" +
    [Math.max(bbox[0] - pad, -180), Math.max(bbox[1] - pad, -90),
     Math.min(bbox[2] + pad, 180), Math.min(bbox[3] + pad, 90)].join(",");
  fetch(coastUrl).then(r => r.json()).then(geo => {
    L.geoJSON(geo, { style: { color: "#5b6776", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  });
  const tracks = L.layerGroup().addTo(map);
  const colours = { encounters: "#b42318", rendezvous: "#6941c6", gaps: "#b54708",
                    loitering: "#1f5f8b", "near-coast": "#067647" };
  fetch(el.dataset.events).then(r => r.json()).then(geo => {
    const layer = L.geoJSON(geo, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        radius: 6, color: colours[f.properties.kind] || "#1b2430", weight: 2, fillOpacity: 0.6 }),
      onEachFeature: (f, lyr) => {
        const p = f.properties;
        const who = p.subject_b ? p.subject_a + " · " + p.subject_b : p.subject_a;
        lyr.bindPopup("<strong>" + p.kind + "</strong> #" + p.observation + "<br>" + who +
                      "<br>" + p.start + " – " + p.end);
        lyr.on("click", () => {
          const ids = [p.subject_a, p.subject_b].filter(Boolean).join(",");
          const t0 = new Date(Date.parse(p.start) - 3 * 3600e3).toISOString();
          const t1 = new Date(Date.parse(p.end) + 3 * 3600e3).toISOString();
          fetch(el.dataset.tracks + "?ids=" + encodeURIComponent(ids) + "&start=" + t0 + "&end=" + t1)
            .then(r => r.json()).then(lines => {
              tracks.clearLayers();
              L.geoJSON(lines, { style: { color: "#1f5f8b", weight: 2 } }).addTo(tracks);
            });
        });
      }
    }).addTo(map);
    el.dataset.loaded = String(geo.features.length);
  });
})();
