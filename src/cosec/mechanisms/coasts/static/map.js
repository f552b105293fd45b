// The presence map: members' 12 and 24 nm lines, presence episodes where the units came
// closest, and notified activity areas near other members' coasts (Leaflet, offline).
(function () {
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { worldCopyJump: true, attributionControl: false });
  const bbox = (el.dataset.bbox || "100,0,146,45").split(",").map(Number);
  map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]]);
  const text = s => String(s == null ? "" : s).replace(/[&<>"']/g,
    c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  // The box's words in the reader's language (the page puts them on the map); values are
  // escaped before they are put in.
  const words = Object.assign({
    episode: "along %(coast)s: %(hours)s h, closest %(nm)s nm", finding: "finding %(id)s"
  }, JSON.parse(el.dataset.words || "{}"));
  const say = (t, values) => t.replace(/%\((\w+)\)s/g, (all, name) => (name in values ? text(values[name]) : all));
  const view = map.getBounds().pad(0.1);
  const land = [Math.max(view.getWest(), -180), Math.max(view.getSouth(), -90),
                Math.min(view.getEast(), 180), Math.min(view.getNorth(), 90)].map(v => v.toFixed(1));
  fetch("/v1/geo/coastlines.geojson?bbox=" + land.join(",")).then(r => r.json()).then(geo => {
    L.geoJSON(geo, { style: { color: "#5b6776", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  });
  const lines = L.layerGroup().addTo(map);
  let shown = "";
  function drawLines() {
    el.dataset.zoom = String(map.getZoom());
    if (map.getZoom() < 6) { lines.clearLayers(); shown = ""; return; }
    const b = map.getBounds();
    const box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
                 Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)].map(v => v.toFixed(2)).join(",");
    if (box === shown) return;
    shown = box;
    fetch(el.dataset.lines + "?bbox=" + box).then(r => r.ok ? r.json() : null).then(geo => {
      if (!geo) return;
      lines.clearLayers();
      L.geoJSON(geo, { style: f => ({ color: f.properties.nm <= 12 ? "#1f5f8b" : "#98a2b3",
        weight: 1, dashArray: f.properties.nm <= 12 ? null : "4 3" }),
        onEachFeature: (f, lyr) => lyr.bindTooltip(text(f.properties.state) + " " + text(f.properties.nm) + " nm")
      }).addTo(lines);
      el.dataset.lines_loaded = String(geo.features.length);
    });
  }
  map.on("moveend", drawLines);
  fetch(el.dataset.episodes).then(r => r.json()).then(geo => {
    L.geoJSON(geo, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: "#b42318", weight: 2, fillOpacity: 0.5 }),
      onEachFeature: (f, lyr) => {
        const p = f.properties;
        lyr.bindPopup("<strong>" + text(p.member_name) + "</strong> " + text(p.unit_name) + " (" + text(p.vessel) +
          ")<br>" + say(words.episode, { coast: p.coastal_state, hours: p.duration_h, nm: p.min_distance_nm }) +
          "<br>" + text(p.start) + "<br><a href='" + text(p.href) + "'>" + say(words.finding, { id: p.finding }) + "</a>");
      }
    }).addTo(map);
    el.dataset.loaded = String(geo.features.length);
  });
  fetch(el.dataset.areas).then(r => r.json()).then(geo => {
    geo.features.forEach(f => {
      const c = f.geometry.coordinates;
      L.circle([c[1], c[0]], { radius: Math.max(f.properties.radius_m, 2000), color: "#b54708", weight: 1, fillOpacity: 0.08 })
        .bindPopup("<a href='" + text(f.properties.href) + "'>" + text(f.properties.summary) + "</a>").addTo(map);
    });
    el.dataset.areasLoaded = String(geo.features.length);
  });
  drawLines();
})();
