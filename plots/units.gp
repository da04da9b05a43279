# units.gp - the unit, scale, label and colour of a yearly metric, shared by the figures that
# draw any metric by name (fan.gp with metric=..., compare.gp).
#
# Reads `metric` (a yearly column name), `m_top` (the largest value to be drawn) and the
# palette of style.gp (load style.gp first).  Sets:
#   m_div     divisor bringing the numbers to the unit (1, 1e3, 1e6)
#   m_unit    the axis unit ('MW', 'TWh', 'kt CO_2e', 'thousand jobs', ...; '' when unknown)
#   m_label   what the metric is, in words ('operating IT capacity'), else its name without
#             the unit suffix
#   m_colour  its colour in the palette (blue when it has none)
# The unit comes from the name's suffix (_mw, _gwh, _t, _m3, _jobs, _meur, _eflops in run.ini's
# [hardware] precision), scaled to the numbers (thousand, million; GWh or TWh; kt or Mt CO2e).
# ends(s, x): s ends with x; nounder(s): s with '_' as ' ' (an underscore would be a subscript).
ends(s, x) = strlen(s) > strlen(x) && s[strlen(s) - strlen(x) + 1:strlen(s)] eq x
nounder(s) = (strlen(s) == 0) ? '' : ((s[1:1] eq '_') ? ' ' : s[1:1]) . nounder(s[2:strlen(s)])
# the unit from the name's suffix, scaled to the numbers; the name without it as the label
m_div = 1
m_unit = ''
m_cut = 0
if (ends(metric, '_jobs')) {
  m_div = (m_top >= 1e4) ? 1e3 : 1
  m_unit = (m_div > 1) ? 'thousand jobs' : 'jobs'
}
if (ends(metric, '_m3')) {
  m_div = (m_top >= 1e6) ? 1e6 : ((m_top >= 1e3) ? 1e3 : 1)
  m_unit = (m_div == 1e6) ? 'million m^3' : ((m_div == 1e3) ? 'thousand m^3' : 'm^3')
  m_cut = 3
}
if (ends(metric, '_gwh')) {
  m_div = (m_top >= 1e4) ? 1e3 : 1
  m_unit = (m_div > 1) ? 'TWh' : 'GWh'
  m_cut = 4
}
if (ends(metric, '_t')) {
  m_div = (m_top >= 1e6) ? 1e6 : ((m_top >= 1e3) ? 1e3 : 1)
  m_unit = (m_div == 1e6) ? 'Mt CO_2e' : ((m_div == 1e3) ? 'kt CO_2e' : 't CO_2e')
  m_cut = 2
}
if (ends(metric, '_mw')) {
  m_unit = 'MW'
  m_cut = 3
}
if (ends(metric, '_meur')) {
  m_unit = 'M€'
  m_cut = 5
}
if (ends(metric, '_eflops')) {
  m_unit = 'EFLOP/s '.precision
  m_cut = 7
}
m_label = nounder(metric[1:strlen(metric) - m_cut])
array known_names[11] = ['construction_jobs', 'operations_jobs', 'water_m3', \
    'heat_reused_gwh', 'op_emissions_marginal_t', 'op_emissions_t', 'facility_power_mw', \
    'compute_eflops', 'operating_mw', 'cumulative_emissions_t', 'onsite_mw']
array known_labels[11] = ['construction jobs at year end', 'operations jobs at year end', \
    'water used in the year', 'heat reused in the year', \
    'operational CO_2, consequential (marginal intensity)', \
    'operational CO_2, attributional (average intensity)', \
    'facility power drawn at year end', 'compute in use', 'operating IT capacity', \
    'cumulative CO_2 (attributional)', 'IT capacity on on-site power at year end']
array known_colours[11] = [c_jobs_construction, c_jobs_operations, c_water, c_heat, \
    c_marginal_co2, c_op_co2, c_facility_energy, c_compute, c_operating, c_cumulative, c_onsite]
m_colour = 0x0072B2
do for [k = 1:11] {
  if (known_names[k] eq metric) {
    m_label = known_labels[k]
    m_colour = known_colours[k]
  }
}
