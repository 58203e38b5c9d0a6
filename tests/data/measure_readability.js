// A page that measures drawings as a reader sees them, in a real browser: each SVG is
// scaled down (never up) to fit a 1600 x 1200 viewport, then every non-empty <text> is
// measured. The page writes one line per drawing into <pre id="measured">:
//
//   NAME <tab> natural width <tab> natural height <tab> smallest font in px after scaling
//        <tab> overlaps <tab> the first overlap, described
//
// An overlap is two texts whose boxes share more than a quarter of the lower one's height
// and more than a pixel of width (the lines of one label touch, they do not overlap), or,
// in a sequence chart (`data-kind="chart"`), a text running into a state box that is not
// its own.
const lines = [];
for (const c of document.querySelectorAll('div.case')) {
  const svg = c.querySelector('svg');
  const natural = svg.getBoundingClientRect();
  const scale = Math.min(1, 1600 / natural.width, 1200 / natural.height);
  svg.style.width = (natural.width * scale) + 'px';
  svg.style.height = (natural.height * scale) + 'px';
  const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '');
  let smallest = 1e9;
  const boxes = texts.map((t) => {
    const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
    smallest = Math.min(smallest, px);
    return {text: t.textContent.trim(), r: t.getBoundingClientRect()};
  });
  const cross = (a, b) => [Math.min(a.right, b.right) - Math.max(a.left, b.left),
                           Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)];
  const found = [];
  for (let i = 0; i < boxes.length; ++i)
    for (let j = i + 1; j < boxes.length; ++j) {
      const [w, h] = cross(boxes[i].r, boxes[j].r);
      if (w > 1 && h > 0.25 * Math.min(boxes[i].r.height, boxes[j].r.height))
        found.push(boxes[i].text + ' / ' + boxes[j].text);
    }
  if (c.dataset.kind === 'chart')
    for (const rect of svg.querySelectorAll('rect')) {
      const r = rect.getBoundingClientRect();
      for (const b of boxes) {
        const x = (b.r.left + b.r.right) / 2, y = (b.r.top + b.r.bottom) / 2;
        if (x > r.left && x < r.right && y > r.top && y < r.bottom) continue;  // its own
        const [w, h] = cross(b.r, r);
        if (w > 1 && h > 1) found.push(b.text + ' / a state box');
      }
    }
  lines.push([c.dataset.name, natural.width.toFixed(0), natural.height.toFixed(0),
              smallest.toFixed(2), found.length, found[0] || ''].join('\t'));
}
document.getElementById('measured').textContent = lines.join('\n');
