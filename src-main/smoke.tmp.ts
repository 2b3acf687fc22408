import { LocalEngine } from './engine/engine';
const e = new LocalEngine();
console.log(JSON.stringify((await e.info()).ladder));
for (const [m, img] of [['resources/demo/digits/model.json','resources/demo/digits/samples/digit-7.png'],['../shared/data/models/ml5_darknet_tiny_imagenet/model.json','../shared/data/images/skimage_chelsea.png'],['../shared/data/models/tensorspace_lenet_mnist_multioutput/model.json','resources/demo/digits/samples/digit-7.png'],['../shared/data/models/ml5_doodlenet_quickdraw345/model.json','../shared/data/images/skimage_horse.png']]) {
  const mi = await e.openModel({ path: m }); const ii = await e.openImage({ path: img });
  const p = await e.predict({ modelId: mi.id, imageId: ii.id, topK: 3 });
  const r = await e.explain({ modelId: mi.id, imageId: ii.id, method: 'saliency', jobId: 'j'+m });
  console.log(mi.name, mi.numClasses, mi.outputIndex, mi.logitsFromSoftmax, mi.warnings, p.top.map(t=>`${t.label}:${t.probability.toFixed(3)}`).join(' '), r.shape, r.max.toExponential(2), r.ms.toFixed(0)+'ms');
}
