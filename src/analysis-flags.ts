import {Flags} from '@oclif/core'

// Flags of the analyzer's views (classify, candidates, forecast, and the report).
// Values are strings: the analyzer's option parser checks them with one-line errors.

export const scopeFlags = {
  team: Flags.string({char: 't', description: "One team (default: $TOIL_TEAM, else the config file's team, else all teams, capacities and hours summed).", helpValue: 'TEAM'}),
  'all-teams': Flags.boolean({description: 'All teams together, whatever the default team; forecast and report add each team\'s status.', exclusive: ['team']}),
  'as-of': Flags.string({description: 'Analyse as of this day (default: today); the last complete month is the month before it.', helpValue: 'YYYY-MM-DD'}),
  window: Flags.string({description: 'Complete months analysed, ending with the last complete month (default: 6).', helpValue: 'MONTHS'}),
}

export const horizonFlag = {
  horizon: Flags.string({description: 'Months to look ahead (default: 12).', helpValue: 'MONTHS'}),
}

export const overrunFlag = {
  overrun: Flags.string({description: 'Factor on automation cost estimates for the usual underestimate, e.g. 1.3 (default: 1).', helpValue: 'FACTOR'}),
}

export const forecastFlags = {
  threshold: Flags.string({description: 'Share of capacity at which a team goes bankrupt (default: 50%).', helpValue: 'PERCENT'}),
  growth: Flags.string({description: 'Service growth a month; switches to the growth model, toil scaling with the service, e.g. 4%.', helpValue: 'PERCENT'}),
  'headcount-growth': Flags.string({description: 'Headcount growth a month, for the growth model, e.g. 1%.', helpValue: 'PERCENT'}),
  automate: Flags.string({description: 'What-if: automate the top N automation candidates now.', helpValue: 'N'}),
}

export const basisFlag = {
  basis: Flags.string({description: 'Share the status and projection judge: toil (default) or operational (toil plus on-call and interrupt work, the workbook\'s 50% cap).', helpValue: 'toil|operational'}),
}

export const sortFlag = {
  sort: Flags.string({description: 'Order: payback (default), net (most hours back over the horizon) or hours (hours a month).', helpValue: 'payback|net|hours'}),
}
