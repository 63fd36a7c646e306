// The charts of one run, drawn by Apache ECharts from a run view (the history's RunView):
// used by the dashboard and inlined into each run's report.html.
(function () {
  'use strict';

  // Seconds for people, as the terminal report writes them: "117 h 03 min", "4 min 05 s".
  function duration(seconds) {
    function two(n) { return (n < 10 ? '0' : '') + n; }
    if (seconds >= 3600) {
      return Math.floor(seconds / 3600) + ' h ' + two(Math.floor(seconds % 3600 / 60)) + ' min';
    }
    if (seconds >= 60) {
      return Math.floor(seconds / 60) + ' min ' + two(seconds % 60) + ' s';
    }
    return seconds + ' s';
  }

  // A histogram bin's range in the unit its width reads best in, e.g. "6.6-13.2 h".
  function range(from, to, binSeconds) {
    var unit = binSeconds >= 360 ? [3600, ' h'] : binSeconds >= 6 ? [60, ' min'] : [1, ' s'];
    var digits = unit[0] === 1 ? 0 : 1;
    return (from / unit[0]).toFixed(digits) + '-' + (to / unit[0]).toFixed(digits) + unit[1];
  }

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    var existing = echarts.getInstanceByDom(el);
    if (existing) {
      existing.dispose();
    }
    var c = echarts.init(el, null, { renderer: 'canvas' });
    // Drawn at once: a report is read as it is, and a page captured mid-animation shows
    // half-grown bars.
    option.animation = false;
    c.setOption(option);
    window.addEventListener('resize', function () { c.resize(); });
    return c;
  }

  function text(el, value) {
    el.textContent = value;
    return el;
  }

  function list(id, items) {
    var el = document.getElementById(id);
    if (!el) {
      return;
    }
    el.innerHTML = '';
    items.forEach(function (item) {
      el.appendChild(text(document.createElement('li'), item));
    });
  }

  var palette = ['#3b6ea5', '#e07a3f', '#4c9f70', '#c0504d', '#8064a2', '#4bacc6',
    '#f2b134', '#7f7f7f', '#9bbb59', '#d16ba5'];

  function render(view) {
    var songs = view.top_songs;
    chart('chart-top-songs', {
      color: palette,
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // The axis name under the axis, centred, not crowding its last tick.
      xAxis: { type: 'value', name: 'plays', nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', inverse: true, data: songs.map(function (s) { return s.key; }),
        axisLabel: { width: 180, overflow: 'truncate' } },
      series: [{ type: 'bar', name: 'plays', data: songs.map(function (s) { return s.plays; }),
        label: { show: true, position: 'right' } }]
    });
    var genres = Object.keys(view.genres);
    chart('chart-genres', {
      color: palette,
      tooltip: { trigger: 'item', formatter: '{b}: {c} plays ({d}%)' },
      legend: { type: 'scroll', bottom: 0 },
      // Labels only for slices wide enough to hold one; the legend names every genre. Name
      // and share on two lines with short leader lines, so a label beside the ring fits the
      // card instead of being cut at its edge.
      series: [{ type: 'pie', name: 'genres', radius: ['28%', '52%'], center: ['50%', '45%'],
        minShowLabelAngle: 10, percentPrecision: 1,
        label: { formatter: '{b}\n{d}%', lineHeight: 14 },
        labelLine: { length: 8, length2: 6 },
        data: genres.map(function (g) { return { name: g === '' ? '(none)' : g, value: view.genres[g] }; }) }]
    });
    var days = Object.keys(view.plays_per_day);
    chart('chart-days', {
      color: palette,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', name: 'plays' },
      series: [{ type: 'bar', name: 'plays', data: days.map(function (d) { return view.plays_per_day[d]; }) }]
    });
    var h = view.listening_histogram;
    chart('chart-listening', {
      color: ['#4c9f70'],
      // Room on the right for the last range's label, which is centred under its bar; the
      // labels carry their unit, so the axis needs no name.
      grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category',
        data: h.counts.map(function (c, i) {
          return range(i * h.bin_seconds, (i + 1) * h.bin_seconds, h.bin_seconds);
        }) },
      yAxis: { type: 'value', name: 'users', minInterval: 1 },
      series: [{ type: 'bar', name: 'users', barCategoryGap: '5%', data: h.counts }]
    });
    list('top-users', view.top_users.map(function (u) { return u.user_id + ' (' + duration(u.total_time) + ')'; }));
    list('trending', view.trending);
    var summary = document.getElementById('run-summary');
    if (summary) {
      text(summary, 'Run ' + view.run_id + ' at ' + view.computed_at + ' on ' + view.target + ': '
        + view.records_read + ' records read, ' + view.rows_rejected + ' rejected, pipeline '
        + view.pipeline_seconds.toFixed(3) + ' s; input ' + view.input);
    }
  }

  window.MusicCharts = { render: render, chart: chart, list: list, palette: palette,
    duration: duration };
})();
