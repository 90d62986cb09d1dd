/** How a gateway is drawn on the network map: its size by traffic, and a ring for the unclaimed traffic around it. */

/** The ring's colour: apart from every status colour (gateway-map-status.ts). */
export const PROSPECT_COLOUR = "#7c3aed";

/** Marker diameter: area grows with traffic, from 14 px (silent) to 44 px (the busiest gateway). */
export function markerSize(uplinks: number, busiest: number): number {
  return Math.round(14 + 30 * Math.sqrt(busiest > 0 ? uplinks / busiest : 0));
}

/**
 * The ring around a gateway for the still-unclaimed DevEUIs it last heard (where the prospects are):
 * none without any; otherwise its area grows with their number, from 12 px wider than the marker to
 * 56 px wider for the gateway with the most.
 */
export function prospectHalo(unclaimed: number, most: number, size: number): { size: number; colour: string } | undefined {
  if (unclaimed <= 0 || most <= 0) return undefined;
  return { size: Math.round(size + 12 + 44 * Math.sqrt(Math.min(1, unclaimed / most))), colour: PROSPECT_COLOUR };
}
