// The charts of one run, drawn by Apache ECharts from a run view (the history's RunView):
// used by the dashboard and inlined into each run's report.html.
(function () {
  'use strict';

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
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: 'plays' },
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
      // Labels only for slices wide enough to hold one; the legend names every genre.
      series: [{ type: 'pie', name: 'genres', radius: ['28%', '52%'], center: ['50%', '45%'],
        minShowLabelAngle: 10, label: { formatter: '{b} {d}%' },
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
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', name: 'seconds',
        data: h.counts.map(function (c, i) { return (i * h.bin_seconds) + '-' + ((i + 1) * h.bin_seconds); }) },
      yAxis: { type: 'value', name: 'users', minInterval: 1 },
      series: [{ type: 'bar', name: 'users', barCategoryGap: '5%', data: h.counts }]
    });
    list('top-users', view.top_users.map(function (u) { return u.user_id + ' (' + u.total_time + ' s)'; }));
    list('trending', view.trending);
    var summary = document.getElementById('run-summary');
    if (summary) {
      text(summary, 'Run ' + view.run_id + ' at ' + view.computed_at + ' on ' + view.target + ': '
        + view.records_read + ' records read, ' + view.rows_rejected + ' rejected, pipeline '
        + view.pipeline_seconds.toFixed(3) + ' s; input ' + view.input);
    }
  }

  window.MusicCharts = { render: render, chart: chart, list: list, palette: palette };
})();
