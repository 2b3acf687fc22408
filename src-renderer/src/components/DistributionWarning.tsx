// Beside the prediction, before any map is read: the reasons the image is unlike
// what the model declares it was trained on (Prediction.distribution).
import { useStudioState } from '../context';

export function DistributionWarning() {
  const check = useStudioState((s) => s.prediction?.distribution ?? null);
  if (!check || check.reasons.length === 0) return null;
  return (
    <div className="ood-warning" role="alert" data-testid="ood-warning">
      <strong>Out of distribution: this prediction and its maps may mean nothing.</strong>
      <ul>
        {check.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}
