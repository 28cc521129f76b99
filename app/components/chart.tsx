import { useEffect, useRef } from "react";

/**
 * A chart.js chart drawn in the browser once the page hydrates. Without JavaScript the table
 * beside it carries the same numbers, so the canvas is hidden from assistive technology.
 * chart.js sizes the canvas through the CSSOM (element.style), which the page's CSP allows
 * without 'unsafe-inline'; it adds no script or style element of its own.
 */
export function Chart({
  type,
  labels,
  values,
  label,
}: {
  type: "bar" | "line" | "doughnut";
  labels: string[];
  values: Array<number | null>;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import("chart.js/auto").then(({ default: ChartJs }) => {
      if (cancelled || !canvas.current) return;
      const colours = [
        "#1d4ed8",
        "#b45309",
        "#047857",
        "#7c3aed",
        "#be123c",
        "#0e7490",
        "#4d7c0f",
        "#a21caf",
        "#c2410c",
        "#334155",
        "#9f1239",
        "#15803d",
        "#1e40af",
        "#854d0e",
      ];
      chart = new ChartJs(canvas.current, {
        type,
        data: {
          labels,
          datasets: [
            {
              label,
              data: values,
              backgroundColor: type === "line" ? "#1d4ed8" : colours,
              borderColor: type === "line" ? "#1d4ed8" : undefined,
              spanGaps: false,
            },
          ],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          locale: document.documentElement.lang,
          plugins: { legend: { display: type === "doughnut" } },
          ...(type === "doughnut" ? {} : { scales: { y: { beginAtZero: true } } }),
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [type, labels, values, label]);
  return (
    <div className="chart" aria-hidden="true">
      <canvas ref={canvas} />
    </div>
  );
}
