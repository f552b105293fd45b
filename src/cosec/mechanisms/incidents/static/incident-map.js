// An incident's map: the reported position, the closest points of approach found in the
// tracks, and the vessels' tracks around them (Leaflet, offline, no inline script).
(function () {
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const lat = Number(el.dataset.lat), lon = Number(el.dataset.lon);
  const map = L.map(el, { worldCopyJump: true, attributionControl: false }).setView([lat, lon], 9);
  const box = [lon - 6, lat - 6, lon + 6, lat + 6].map((x, i) =>
    Math.max(Math.min(x, i % 2 ? 90 : 180), i % 2 ? -90 : -180).toFixed(2));
  fetch("/v1/geo/coastlines.geojson?bbox=" + box.join(",")).then(r => r.json()).then(geo => {
    L.geoJSON(geo, { style: { color: "#5b6776", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  }).catch(() => {});
  const colours = { report: "#1f5f8b", reply: "#6941c6", cpa: "#b42318" };
  fetch(el.dataset.geo).then(r => r.json()).then(geo => {
    const layer = L.geoJSON(geo, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        radius: 7, color: colours[f.properties.kind] || "#1b2430", weight: 2, fillOpacity: 0.6 }),
      onEachFeature: (f, lyr) => lyr.bindPopup(f.properties.label)
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.5), { maxZoom: 12 });
    let drawn = 0;
    geo.features.filter(f => f.properties.tracks).forEach(f => {
      fetch(f.properties.tracks).then(r => r.ok ? r.json() : null).then(lines => {
        if (!lines) return;
        L.geoJSON(lines, { style: { color: "#1f5f8b", weight: 2 } }).addTo(map);
        drawn += 1;
        el.dataset.tracks = String(drawn);
      }).catch(() => {});
    });
    el.dataset.loaded = String(geo.features.length);
  });
})();
