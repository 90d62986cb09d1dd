"use client";

import dynamic from "next/dynamic";
import { LoadingRows } from "@/components/ui/states";

/** Scalar renders in the browser only (it is a Vue app that touches window), so it is never part of the server render. */
export const ApiReference = dynamic(() => import("./scalar-reference"), { ssr: false, loading: () => <LoadingRows rows={6} label="Loading the API documentation" /> });
