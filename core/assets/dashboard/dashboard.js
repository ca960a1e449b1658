// The dashboard's browser script: draws each chart from the JSON the server put beside its canvas
// (with Chart.js, served from this site), and follows live runs over server-sent events.
// Plain script, no build step; pages work without it (every chart has its data table).
'use strict'
;(function () {
  // Colour roles of the server's chart specs; each has at least 3:1 contrast on white.
  var COLORS = {
    primary: '#0b5fa5',
    secondary: '#b45309',
    tertiary: '#047857',
    threshold: '#b91c1c',
    muted: '#6b7280',
    alert: '#7e22ce',
  }

  // Numbers on axes and tooltips in the page's language.
  var LOCALE = document.documentElement.lang || 'en'

  function format(kind, value) {
    if (typeof value !== 'number' || !isFinite(value)) return String(value)
    switch (kind) {
      case 'percent':
        return (value * 100).toFixed(Math.abs(value) < 0.1 && value !== 0 ? 1 : 0) + '%'
      case 'integer':
        return Number.isInteger(value) ? value.toLocaleString(LOCALE) : ''
      case 'money':
        return value.toLocaleString(LOCALE, { notation: 'compact', maximumFractionDigits: 1 })
      default:
        return Math.abs(value) >= 1000 ? value.toLocaleString(LOCALE, { notation: 'compact' }) : String(Math.round(value * 1000) / 1000)
    }
  }

  // Draws the y axis's reference lines (thresholds) dashed across the whole plot, with their labels.
  var referenceLines = {
    id: 'bundReferenceLines',
    afterDatasetsDraw: function (chart, _args, options) {
      var lines = (options && options.lines) || []
      var y = chart.scales.y
      var area = chart.chartArea
      var ctx = chart.ctx
      lines.forEach(function (line) {
        var py = y.getPixelForValue(line.value)
        if (!(py >= area.top && py <= area.bottom)) return
        ctx.save()
        ctx.strokeStyle = COLORS.threshold
        ctx.fillStyle = COLORS.threshold
        ctx.lineWidth = 2
        ctx.setLineDash([6, 4])
        ctx.beginPath()
        ctx.moveTo(area.left, py)
        ctx.lineTo(area.right, py)
        ctx.stroke()
        ctx.setLineDash([])
        ctx.font = '600 12px system-ui, sans-serif'
        ctx.textAlign = 'right'
        ctx.textBaseline = 'bottom'
        var w = ctx.measureText(line.label).width
        ctx.fillStyle = 'rgba(255,255,255,0.85)'
        ctx.fillRect(area.right - w - 8, py - 17, w + 6, 15)
        ctx.fillStyle = COLORS.threshold
        ctx.fillText(line.label, area.right - 5, py - 3)
        ctx.restore()
      })
    },
  }

  function axis(spec, linear) {
    var a = {
      type: linear ? 'linear' : 'category',
      title: { display: true, text: spec.title, color: '#1f2937' },
      ticks: { color: '#374151' },
      grid: { color: '#e5e7eb' },
    }
    if (typeof spec.min === 'number') a.min = spec.min
    if (typeof spec.max === 'number') a.max = spec.max
    if (linear) a.ticks.callback = function (v) { return format(spec.format, v) }
    return a
  }

  function draw(figure) {
    var data = figure.querySelector('script.chart-spec')
    var canvas = figure.querySelector('canvas')
    if (!data || !canvas || typeof window.Chart !== 'function') return
    var spec = JSON.parse(data.textContent)
    var linear = spec.x.type === 'linear'
    var datasets = spec.series.map(function (s) {
      var color = COLORS[s.color] || COLORS.primary
      var bar = s.kind === 'bar'
      // A per-category threshold: a short dashed-looking stroke across each bar, not a joined line.
      if (s.kind === 'marker') {
        return { type: 'line', label: s.label, data: s.data, borderColor: color, backgroundColor: color, showLine: false, pointStyle: 'line', pointRadius: 22, pointHoverRadius: 22, pointBorderWidth: 3, order: 0 }
      }
      return {
        type: bar ? 'bar' : s.kind === 'scatter' ? 'scatter' : 'line',
        label: s.label,
        data: s.data,
        backgroundColor: color,
        borderColor: color,
        borderWidth: bar ? 0 : 2,
        borderDash: s.dashed ? [6, 4] : [],
        pointRadius: typeof s.pointRadius === 'number' ? s.pointRadius : 3,
        showLine: s.kind === 'line',
        spanGaps: true,
        fill: false,
        order: bar ? 2 : 1,
      }
    })
    var y = axis(spec.y, true)
    var lines = spec.y.lines || []
    if (lines.length > 0 && typeof spec.y.max !== 'number') y.suggestedMax = Math.max.apply(null, lines.map(function (l) { return l.value })) * 1.1
    var chart = new window.Chart(canvas, {
      type: linear ? 'scatter' : 'bar',
      data: linear ? { datasets: datasets } : { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: axis(spec.x, linear), y: y },
        plugins: {
          bundReferenceLines: { lines: lines },
          legend: { position: 'bottom', labels: { color: '#1f2937' } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = ctx.parsed.y
                return ctx.dataset.label + ': ' + format(spec.y.format, v)
              },
            },
          },
        },
      },
      plugins: [referenceLines],
    })
    figure.setAttribute('data-rendered', chart ? 'true' : 'false')
  }

  function follow(box) {
    var url = box.getAttribute('data-events')
    if (!url || typeof window.EventSource !== 'function') return
    var progress = box.querySelector('progress')
    var state = box.querySelector('.live-state')
    var message = box.querySelector('.live-message')
    var pct = box.querySelector('.live-pct')
    var result = box.querySelector('.live-result')
    var finished = false
    var text = function (name, fallback) { return box.getAttribute('data-text-' + name) || fallback }
    var source = new EventSource(url)
    function update(data) {
      if (typeof data.fraction === 'number') {
        var p = Math.round(data.fraction * 100)
        progress.value = p
        pct.textContent = String(p)
      }
      if (data.state) state.textContent = data.state
      if (data.message) message.textContent = data.message
    }
    source.addEventListener('state', function (e) { update(JSON.parse(e.data)) })
    source.addEventListener('progress', function (e) { update(JSON.parse(e.data)) })
    source.addEventListener('done', function (e) {
      finished = true
      source.close()
      var data = JSON.parse(e.data)
      box.setAttribute('data-done', 'true')
      progress.value = 100
      pct.textContent = '100'
      state.textContent = data.status || data.state
      message.textContent = data.error ? data.error.code + ': ' + data.error.message : text('finished', 'finished')
      if (data.runId) {
        var link = document.createElement('a')
        link.href = '/runs/' + encodeURIComponent(data.runId)
        link.textContent = text('see', 'See the result') + ' (' + (data.status || text('finished', 'finished')) + ')'
        result.textContent = ''
        result.appendChild(link)
      }
    })
    source.onerror = function () {
      if (finished) return
      if (source.readyState === EventSource.CLOSED) message.textContent = text('closed', 'the progress stream closed; reload the page')
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('figure.chart'), function (f) {
      try {
        draw(f)
      } catch (e) {
        f.setAttribute('data-rendered', 'error')
        if (window.console) console.error(e)
      }
    })
    Array.prototype.forEach.call(document.querySelectorAll('.live[data-events]'), follow)
  }

  // A printed page shows every chart's data table.
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('figure.chart details'), function (d) { d.open = true })
  })

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()
