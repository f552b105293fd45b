// The status-quo map: features with their claimants and holders, the approach circle of
// each held feature, and approaches of other members' state vessels (Leaflet, offline).
(function () {
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const map = L.map(el, { worldCopyJump: true, attributionControl: false });
  const bbox = (el.dataset.bbox || "105,3,128,27").split(",").map(Number);
  map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]]);
  const view = map.getBounds().pad(0.1);
  const land = [Math.max(view.getWest(), -180), Math.max(view.getSouth(), -90),
                Math.min(view.getEast(), 180), Math.min(view.getNorth(), 90)].map(v => v.toFixed(1));
  fetch("/v1/geo/coastlines.geojson?bbox=" + land.join(",")).then(r => r.json()).then(geo => {
    L.geoJSON(geo, { style: { color: "#5b6776", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  });
  const colours = { CHN: "#b42318", PHL: "#1f5f8b", VNM: "#067647", JPN: "#6941c6", MYS: "#b54708" };
  const radius = Number(el.dataset.approachM || 22224);
  const text = s => String(s == null ? "" : s).replace(/[&<>"']/g,
    c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  // The box's words in the reader's language (the page puts them on the map); values are
  // escaped before they are put in.
  const words = Object.assign({
    held: "held by %(holder)s", claimed: "claimed by %(claimants)s", nobody: "nobody",
    area: "%(ha)s ha (baseline %(baseline)s ha)", findings: "%(n)s open finding(s)"
  }, JSON.parse(el.dataset.words || "{}"));
  const say = (t, values) => t.replace(/%\((\w+)\)s/g, (all, name) => (name in values ? text(values[name]) : all));
  fetch(el.dataset.features).then(r => r.json()).then(geo => {
    L.geoJSON(geo, {
      pointToLayer: (f, latlng) => {
        const p = f.properties;
        const colour = colours[p.occupant] || "#5b6776";
        if (p.occupant) {
          L.circle(latlng, { radius: radius, color: colour, weight: 1, fill: false, dashArray: "4 4" })
            .addTo(map);
        }
        return L.circleMarker(latlng, { radius: 7, color: colour, weight: 2,
          fillOpacity: p.open_findings ? 0.9 : 0.3 });
      },
      onEachFeature: (f, lyr) => {
        const p = f.properties;
        lyr.bindPopup("<strong><a href='" + text(p.href) + "'>" + text(p.name) + "</a></strong><br>" +
          say(words.held, { holder: p.occupant_name || words.nobody }) + "<br>" +
          say(words.claimed, { claimants: p.claimants.join(", ") }) + "<br>" +
          say(words.area, { ha: p.area_ha, baseline: p.baseline_ha }) +
          (p.open_findings ? "<br>" + say(words.findings, { n: p.open_findings }) : ""));
      }
    }).addTo(map);
    el.dataset.loaded = String(geo.features.length);
  });
  fetch(el.dataset.approaches).then(r => r.json()).then(geo => {
    L.geoJSON(geo, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 4, color: "#b42318", weight: 1 }),
      onEachFeature: (f, lyr) => lyr.bindPopup("<a href='" + text(f.properties.href) + "'>" +
        text(f.properties.summary) + "</a>")
    }).addTo(map);
    el.dataset.approachesLoaded = String(geo.features.length);
  });
})();
