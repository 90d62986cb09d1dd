"use client";

import { createContext, useContext, type ReactNode } from "react";

/**
 * The base map the deployment configured (MAP_STYLE_URL, MAP_ATTRIBUTION), read on the server at
 * request time and handed to every map on the page. No URL: maps draw on a plain background.
 */
export interface MapSettings { tileUrl: string | null; attribution: string | null }

const MapSettingsContext = createContext<MapSettings>({ tileUrl: null, attribution: null });

export function MapSettingsProvider({ value, children }: { value: MapSettings; children: ReactNode }) {
  return <MapSettingsContext.Provider value={value}>{children}</MapSettingsContext.Provider>;
}

export const useMapSettings = () => useContext(MapSettingsContext);
