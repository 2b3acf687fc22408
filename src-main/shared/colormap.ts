// Colormaps and map normalisation, shared by the Node overlay writer and the
// React renderer: pure code, no Node or DOM imports.
//
// LUTs have 256 entries and are indexed like matplotlib's Colormap.__call__:
// index = min(floor(t * 256), 255). viridis and inferno are matplotlib's
// _cm_listed tables, all 256 rows, each value ×1e6 written in base 32 (4
// characters) so the file stays small yet exact to matplotlib's 6 decimals;
// turbo is matplotlib's _turbo_data (5 decimals) stored the same way.
// jet, gray and diverging (matplotlib's RdBu_r) use matplotlib's segment data
// sampled at i/255, as LinearSegmentedColormap does.
//
// The one vocabulary of colormap names: the renderer's menus and shortcuts,
// saved projects and settings, the HTML reports and the CLI's PNGs all use it.
// "diverging" is the UI's word and the one projects store, so it names RdBu_r.
import { StudioError } from '../api/errors';

export const COLORMAPS = ['viridis', 'inferno', 'turbo', 'jet', 'gray', 'diverging'] as const;
export type ColormapName = (typeof COLORMAPS)[number];

export function isColormapName(s: unknown): s is ColormapName {
  return typeof s === 'string' && (COLORMAPS as readonly string[]).includes(s);
}
/** abs: |v| from 0 to max; signed: symmetric around 0 (use a diverging map); raw: min to max. */
export type MapMode = 'abs' | 'signed' | 'raw';

export interface NormalizeOptions {
  mode: MapMode;
  /** Percentile (0-100] of the values that maps to the top of the scale; default 100 (the maximum). */
  clipPercentile?: number;
  /** Explicit range; overrides the computed end it names. */
  min?: number;
  max?: number;
}
export interface ColorizeOptions extends NormalizeOptions {
  colormap: ColormapName;
}

const VIRIDIS =
  '84ns04oaa1m7866u09c5a7i387jo0e91adc388u90jf6aj458a6i0ouraoq58bch0uo9aue58cg814rob3vv8dhm1b47b9fk8egq1h58bet38fdl1n04bk878g871sm1bph08h0e227sbund8hmb27m9c3rb8i9u2d1rc8sp8ir62ib0cdrm8ja42ni2cinv' +
  '8jmn2snbcnhj8k1031r4cs8g8k8u36thd0sm8kej3bupd5e28kht3gv0d9sj8kit3lu9de888khj3qsodih08ke03vqfdmmp8k8444ngdqpj8jvv49judupd8jli4efoe2m68j8v4jb1e6ft8iq44o5qea6h8i944t03edq38hlv51ptehai8h0m56j7eknt' +
  '8g9a5bc2eo258ffs5g4fer998eke5ksceuda8dn25pjqf1e98cnn5uapf4c58bmg6319f76v8aje67n8f9up89ek6ccnfcji88836h1lff5c86vs6lm2fhk985m06q9tfk0884ak6ut6fm9d82tp73fsfofn81ff781vfqja7vvq7cjefsk57uer7h4afuic' +
  '7ssl7lkhg0e07r9a7q42g2737pkt7uivg3to7nvf8316g5hv7m9287eng73r7khp8brig8jf7ipl8g7nga0s7h0r8kj5gbc57f7c8otrgclc7dd98t7sgdsk7bil91h5gf1t79ni95pngg5c77s19a1igh7176069e8ngi7074439if4gj5a727q9mkqgk22' +
  '70bb9qppgkta6ueq9uu2gln46si7a31lgmfi6qlla74ign6l6op5ab6pgnsg6mspaf8bgoh56l0iaj98gp4m6j4ian9fgpn36h8qar93gq8g6fdbav83gqou6di7b36fgr8e6bnfb748grn369t4bb1egs4t6837beu2gsht669nbiq4gsu564gnbmlmgt9m' +
  '62o6bqgngtki6104bub8gtup5v8kc259gu8c5thkc5urguhd5rr5c9nvgups5q57cdglgv1p5ofrch8ugv965mqvcl0qgvg35l6kcooagvmh5jiqcsffgvsg5hvgd068h0205gcld3snh0725eqbd7ish0bm5d8fdb8nh0ft5bn1deuah0jl5a62dijkh0n0' +
  '58lfdm8nh0pt5758dptih0sd55ledti6h0ue545ue16kh10252mpe4qsh117517te8evh11t4vp9ec2th1244uauefmmh11s4sspejach1134reqemtth0vp4q11eqhch0tt4ojeeu4oh0rg4n5vf1o1h0og4lokf5b8h0ks4kbef8udh0gj4iucfchhh0bm' +
  '4hhffg4jh0624g4nfjnlgvvp4eo4fnalgvon4dbnfqtlgvgs4bvffuglgv874ajfg23lguun497og5mkgukb47sbg99kgu9246hagcskgtsq456oggflgtfj43sqgk2lgt1d42jfgnlngsi541asgr8ogs1q4034gurrgrgb3usdh2eugqto3tmph621gq9t' +
  '3sigh9l5gpks3rflhd89gouh3qeihgrego6u3pfbhkeigndv3oi7ho1ngmjl3nnehrkrglnt3mv7hv7vgkqn3m9si2r3gjs13lnli6e6girr3l8sia18ghq23ktqidk9ggmo3kmoih78gfhq3kjvikq5geb63klriod1gd2s3ksjirvqgbor3l8hivihgad2' +
  '3lpuj354g8vg3mh4j6nkg7g53ne8jaa1g5uu3ohkjds9g4br3prcjhedg2ms3rbmjl0bg0vv3t2njoi5fv733v0jjs3oftc8415cjvl6frfd43h4k36cfpgh463rk6ncfnfj48tika83flcj4bu7kdojfj7f4f5okh8qfh084ik4kkonfemt4m96ko8bfcbc' +
  '4q4rkrnlf9tm4u70kv6kf7dp52ffl2l8f4rm56u4l63gf27b5birl9hcevgp5gddlcuqesnt5ldnlgbrepsp5qjiljoeemvc5vurln4jejvl65fblqg8egtk6b4ultrdedp96gvgm162eaik6musm4g5e79i6t2tm7poe3u573bfmb2ne0gd79oemeb4dt08' +
  '7g9mmhiudpdo7mv3mkq3dlos7tohmo0kdi1j84ltmr6fde7t8bn5mubkdabp8is5n1g3d6d88q4pn4jqd2ca91gvn7mpcu8v990knap0cq379gjlndqeclr29oa1ngr2chgga03knjqscd3ga80dnmpqc8k1ag0anpntc425ao38nsl3bvdsb095nvhcbqn6' +
  'b8huo2coblu2bgtjo575bh2jbpc1o80kbc4mc1t6oap3b74dcah1odgjb21ocj7hog71asslcs0koiseanl6d4s7olgpaibcddq9oo42acv7dmqooqm8a7godvtiot7ba1vve92lovn99scueia0p2649mnjerjip4jp9h01f4v7p7089b69fecvp9bi95aa' +
  'fnsopblm8vc7g1egpduj8pbvgb25pg698j9kgknkpicn8d5aguespkhu86v1h87qpmlu80mthi2bpoom7qcvhruepqq57k19i5rvpsqd7dk1ifqtpupd7758ipr5q0n570l4j3sjq2jl6q3pjdv6q4eu6jhcjo2pq6906cu5k27aq81r66aakccmq9pf5vm5' +
  'kmipqbfu5p1vl0pgqd585ie5lb0nqepd5br3ll8aqgcf5599lvg7qhue4upbm9o9qjfc4obtmk0cqkv94i1pmu8cqme74brsn8g5qns845r8ninkqp9c4015nsujqqll3qeto750qs163l65ohamqtbu3g8lorfgqum13bobp5jcqvvg37n9pfm6r18d347m' +
  'ppnpr2gq31bmq3o2r3op2v5cqdmtr50c2tmhqnk8r67l2t0ir1fvr7em2t4erba0r8lg2u2frl27r9s72vqdruoirb2r32bds8cqrc9i35k7shv0rdga39j3srf4ren73e66t4t4rfu93jbgte8urh5j3p15tnihrid63v57u0psrjl345m1u9v0rktd4ci0';
const INFERNO =
  '01dm00ei0dha026r017m0i4a037302690nlf04e303a00u5t05rm04ik15ku07fs05vo1dnk09ap07h11lr70bcf09691tv40dlb0aup265m0g5h0cqg2ecq0itd0eot2mlv0ltf0gpf2v1f0p610is337ea0sno0kvv3ftt10j90n4m3og514p40pa14148' +
  '198d0rfb49ql1dq30tjk4ikk1ids0vmq4rgm1n4111o954eu1rss13ne5dfa20or15j85mii25o517b65vo22aqt18th68v72g1a1aa06i7p2lbj1bgc6rhd2qpu1cgf74rm30ce1da27e6036371dt07nfm3bu81e9780o03htg1eem89u13o0s1edg8j0o' +
  '3u851e5t8rv444j21do894o04b1a1d529da94hih1ccs9lkt4o6a1bgf9tmq4us11ah2a5et55j719fpacsa5cbd18dqajuf5j4517c9aqkr5psv16cdb0v760lh15g0b6tf67dh14o0bcfm6e4n1456bhm36kqt13o7bmh26rfr13hlbr11723i13hlbv6g' +
  '78m113odc3217f77145vc6k77ln414q9c9ti7s5q15lbccul82ja16mvcfo188vj17uqcia88faq19bhcklo8ll11astcmr08rub1ciccoqd926q1ebecqkb98eg1g7kcs969elf1i6fctp99krq1k7icv4s9r1i1maid0c9a16p1of3d1fna7bh1qksd2fc' +
  'adfs1srld3bhajjr1v38d449apng21bdd4pqavqs23jvd5c9b5u125srd5rqbc10285rd68gbi3p2aetd6ifbo6c2cnvd6prbu8t2f0vd6ulc4ba2h9pd70vcadm2jicd70rcgg12lqod6uacmib2o2rd6pfcskl2qald6iad2n02si6d68sd8pb2updd5t7' +
  'dern310ad5fadku4336td4v8dr0j35d8d4d2e13337j9d3ome75k39p2d325ed883bujd29eejau3e3sd1ejepdl3g8ud0hkevge3idrcvigf5j93kijcuh8fbm53mn7ctdsfhp23orpcs8cfnrv3r08cr0nftuu3t4mcpmtg41s3v95coauga4r41dmcmsr' +
  'gg7o43i9clcjgmal45n1cjq7gsdg47ruci5lh2g84a12cgeuh8iu4c6fcem2helh4ec5ccr1hko04gi7catrhqq94iomc8uhi0se4kvjc6t2i6uc4n70c4pdid034pevc2jjij1i4rnic0blip2p4u0pbu1jiv3l50aobrldj54752lfbp74jb4e5510bmmo' +
  'jh4757debk49jn3k59qqbhfnjt2h5c95bep2k30v5eoibc0ck8us5h93b95mkes75jqpb68vkkou5mdnb3a9kql05p1tb09ll0gd5rnfat73l6b35uedaq2klc50616rams9lhu4640oajk1lnmc66s8ag9vltdo69pcacu3m3476co6a9ggm8pl6fona615' +
  'mee36ir2a2g5mk1f6lv89utgmpjn6p5a9r98mv4q6sda9njdn4km6vn99js2na3a733a9g37nfgk76hd9c8tnksj7a1j98d6nq757djv94g3nvg97h8g90hlo4nt7kv88shuo9tv7oo88oh0of2f7sji8kerok5a80h48gbiop6f84h28c75ou5t88ja881m' +
  'p33i8cnt83r5p7vc8gut7vjmpcpb8l897rb7phhd8pk17n1spm7h8u257inkpqrl92in7echpvdo975k7a0kq3to9bqu75jtq8bl9gik716eqcne9lcm6so7qh119q936o9aql8d9v7q6jpmqpdha48s6f9cqtgca9c76aocr1guaehq666or5f5ajpl61ke' +
  'r9b1ap3n5t1grd4gaufv5odsrgrjb3uc5jpkrkg7b9es5f4mro2ebf1g5af3rri6bkm455orruvebqcp511ss2a7c05d4sa6s5ifc5vv4nhps8o6cbsd4ioksbrcchqn4dunses1cnqr4941shq3ctsn448gskljd40b3vc6snehda5l3qf1sq4tdgck3lh2' +
  'ssoldml73gi8sv9qdsvc3bikt1obe3b236i7t44ae9o831h2t6dkeg6s2sf7t8kaemmu2ncrtaodet8c2ia1tcprf3r62d71teolfaf92843tgkqfh4m231jtiebfnra1u00tk57fuj51ovvtlpeg5c61k2ctnb0gc6c1f88toptgj1m1aj2tq64gpu2164a' +
  'trfmh0rh123jtsmih7q10ulhttqoheph0rqstus7hlq00pkatvr1hsre0o2lu0n3i3tp0n6qu1gfib120n1mu273ii560nkau2r0ipa60ovou3c6j0g10r56u3qkj7ml0u5su469jeu21234u4f6jm6816ueu4lbjtf51cgdu4omk4oq1ih6u4p9kc341oup' +
  'u4n2kje31vn9u4i2kqpn26p9u4a8l25u2e3mu3vkl9io2llju3i6lh042teeu31vloe135dnu2eulvse3dj5u1p1m7bb3luhu10bmeqn3ufnu04smmae476ltv6kmtqi4g3dtu5ln5av4p5vtt20ncrl52ehtrrmnkch5bt5tqipnrti5li3tp7co3em5vdi' +
  'tnpeoavs69fstm90oih16jpdtkmcoq226uaatj1np1ip792uthb9p9337k3ktfj3pgiv7vcutdpapo288avftbulpvgk8mrata3iq6tt930qt880qea09fh4t6d2qlkh9sc6t4jlqst1a9i3t2rvr43ean49t17qrb72b51rsvo2ri7hbjbfsuebrp49c20p' +
  'stcarvsnch19ssjps6g8d0c5ss6oscu9dfvvss73sj67dvr0ssmnsp7kefqqstn1sv26evt2sv99t4lnffukt1dsta2bfvtbt451tf88gfm9t7e8tk7rgv7jtb8ktp1khegltfj9ttm6hte6tkcqu262ic1atpjvu6hpiq9otv7huaptj879u56aueusjlps';

// Google's turbo_colormap_data (Mikhailov 2019), which matplotlib ships as _turbo_data.
const TURBO =
  '5pfu262g72na5u8e2hdu7vbi62s82so48re067bm380o9mv86bmo3j84ahum6fte3udubcck6jvo49i6c68o6ntm4kl6cvjc6rn84vmkdocg6vce5amqegk472t85llef8a8769c60igfvei79he6beagm1c7cl46m8ihc2c7fke7118i1hs7ifc7bomimfs7l5u7mei' +
  'jasc7nnq8136junc7q5k8bm8ki0i7sf28m7ol4o87uk490o0lmu480kg9b6mm8ig82gq9lk4mplc848oa000na6o85s0aaaanq6k87b6akjco9km88lmauqsooh889s4b914p6s08atsbj5gpkli8bribt8uq1ta8ckic7agqej88d9gchaqqqo08dpocr9sr6au8e5u' +
  'd57crhcc8ededf3arrs08egidou0s5qe8efke2mqsf728ea0ecemso1s8e00em50t0bg8dhuevpot83a8cv6f9cutf9k8c82fiustlue8bcifsfits1e8aaqg5v0u1h288mkgffmu63k86fcgp1uu9o683m0h2leucfm80bohca6ueb27shshlvsufb87o9ahvlsufhg' +
  '7jjki9c6ueue7eheij2qudja794kispeubh273dgj6feu8ok6te8jg4qu5au6n76jppiu1986gpsk3dctsk66a78kcvktncm63gikmgkthka5snckvvotbbc5lsal9cmt4j45f0ulinostcq5866ls00slp251dam55osdoq4qn8me8ms5da4k5imn8grsng4dp6n04i' +
  'rjo047jcn8t6ragc41lcnhi2r1183s04nq2iqnbs3ml6o2f0qdgi3hl6oamoq3h63d1moipqppe238rkoqnipf8o354ip2gap51i31t4pa3eoqq22v6sphgkogis2t2opoo6o6cu2riapvp6ns9g2qm6q6juni9g2qfuqd84n8ds2r0gqjlemuni2s9eqpr8ml7q2ubc' +
  'qvpsmbv8317sr5h0m2uq34vsrb00lq7o39jmrg9clhe63f2crlfal85u3lacrqhqkug83sb2rvgikkde442ss4bik9uo4ch6s92gjv4g4lkesdlmjk084vbmsi4qj8ia59masmfiisrk5kiesqm8igsq5vvesuoii4n46bs2t2mghob66o7ct6fohbpk74vqta4agv3c' +
  '7i52tdk6gi9m7vl8tgv2g5ci8dg2tk58fodi8rjktn6efbda99vatq2aeuce9ohstsosehbsa7a2tva4e4ciam6uu1m2dnf4b57iu3scdakgbkamu5t2cttkc3fcu7o4chb4cik2u9d8c4tkd1o4uasebommdgqauc5mbcmadvpcud8mb0toeekmue5ealduetamues8' +
  'aa7gfbq4ufc69vb2fq2cufls9kpsg826ufom9akiglokufku90s2h344ufaa8ngmhg42ueoq8ek0hsmsue0e866ai8ruud0s7u8siki0ubq47ms0ivnquabs7g0ujaceu8me79oajkh4u6p6742ojujku4j66uvuk8mou24o6qekkipstvds6megkssctsei6iukl6ui' +
  'tp746fuclgvqtlo66dcglqvqti1e6b8mm4u8te2s69i0mer4t9te687gmolqt5gq678sn2eat0ta66l6nc40ss2u66b6nln6sn2a66asnv6ushre66j0o8j8scea672kohrqs6r867peor0ks12i68mgp412rr4i69p6pcsqrl0u6b08pljireok6cbcpu5kr8b06dpk' +
  'q6hor1om6facqeoiqr206gsmqmp4qk6u6ifuqujeqd7q6k36r67gq64k6llgrdkcputm6n6srkq2pnja6olorroipg5g6q1gs2f8p8ks6r9gs8u4p10q6sd4sf4iopa86tbesl2iohh66u3gsqnqo9lk6ul0t03mo1o66uumt56gnpoi6v08t9vanhn26uoeteeen9k0' +
  '6u6ktiiun1fm6ta6tmdempa46s2gtpsmmh3k6qeatt10m8sg6odatvram0fo6m1cu2cilnpk6jdku4l2leq46gicu6l4l5hs6dfuu8ceks1g6a6ku9rkki9066moub2ck89k630uuc0mju325v5qucn6jjmi5r52ud5sj93q5mvkudceiuc25ilqudbgijfa5e7kud2o' +
  'i8ds59m0uciqht8m550uubr2hi02508ouaseh6kk4recu9magr6c4mhqu89agfm84hjcu6leg44s4cjcu4qmfohu47ieu2pcfcum42h6u0hgf1be3tfatu2oelog3odotre2ea6g3jcqtoiqdulo3ecqtlhkdj6i39e2tiagd7q634gstetecsga2vlstbaech9i2qtc' +
  't7hqc66s2m7mt3jsbr882hl4svgabgea2d6asr74b5pc28rismp8arac24l6si5oah1a20jgsddia6v41sn4s8gm9t3q1p02s3eq9jga1leuru889a4k1i4crot0911m1f0crjdm8o7g1c38rdq08fn019dur81k87fi16vqr23u7vcg14kqqs0k7ncs12caqlnc7fgc' +
  '106aqf8g77nk0u34q8jm702a0s2eq1p86og40q4ipqos6h1m0o96pjis69mc0mgapc7862eg0kpup4lm5rac0j6cosug5k9c0hlaol1m5dbq0g6oocuu56hm0er0o4mi4vr00dhens884p820cb0njka4io80b6onaqo4cbs0a5an1r8462u096cmolq3vt4089umfb2' +
  '3pr207gam5qc3jse06p6ls3o3e18064ili7g389g05iel85k32ks0534ktu42t4004makjgm2nm804cak8ta2ic8044gju4a2d5c03vgjj5m282803taj814232803taismu1u5m0404ih741pcs045ei5hc1kn604dihpm01g4u04nshdkm1bm4055ah1do17ao05ku' +
  'gl16132q067cg8em0uua06safrmi0qt807jofeog0mvk08dmf1kq0j5e09aeekbg0fem0a9m';

type Segments = [x: number, y: number][];
const JET: [Segments, Segments, Segments] = [
  [
    [0, 0],
    [0.35, 0],
    [0.66, 1],
    [0.89, 1],
    [1, 0.5],
  ],
  [
    [0, 0],
    [0.125, 0],
    [0.375, 1],
    [0.64, 1],
    [0.91, 0],
    [1, 0],
  ],
  [
    [0, 0.5],
    [0.11, 1],
    [0.34, 1],
    [0.65, 0],
    [1, 0],
  ],
];
// ColorBrewer RdBu (matplotlib _RdBu_data, = these bytes / 255), reversed: blue (low) to red (high).
const RDBU_R = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];

function decodeListed(text: string): Float32Array {
  const out = new Float32Array(256 * 3);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(4 * i, 4 * i + 4), 32) / 1e6;
  return out;
}

function interpolate(seg: Segments, x: number): number {
  for (let k = 1; k < seg.length; k++) {
    const [x1, y1] = seg[k];
    if (x <= x1) {
      const [x0, y0] = seg[k - 1];
      return x1 === x0 ? y1 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return seg[seg.length - 1][1];
}

function buildLut(name: ColormapName): Float32Array {
  if (name === 'viridis') return decodeListed(VIRIDIS);
  if (name === 'inferno') return decodeListed(INFERNO);
  if (name === 'turbo') return decodeListed(TURBO);
  const out = new Float32Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    let rgb: number[]; // jet, gray or diverging
    if (name === 'jet') rgb = JET.map((seg) => interpolate(seg, x));
    else if (name === 'gray') rgb = [x, x, x];
    else
      rgb = [0, 1, 2].map((c) =>
        interpolate(
          RDBU_R.map((col, k) => [k / 10, col[c] / 255]),
          x,
        ),
      );
    out.set(rgb, i * 3);
  }
  return out;
}

const floatLuts = new Map<ColormapName, Float32Array>();
const byteLuts = new Map<ColormapName, Uint8Array>();

/** 256×3 floats in 0..1. */
export function lutFloat(name: ColormapName): Float32Array {
  let lut = floatLuts.get(name);
  if (!lut) {
    if (!isColormapName(name)) throw new StudioError('bad-request', `unknown colormap '${String(name)}'`);
    lut = buildLut(name);
    floatLuts.set(name, lut);
  }
  return lut;
}

/** 256×3 bytes (rounded, so a value of 1.0 is 255). */
export function lutBytes(name: ColormapName): Uint8Array {
  let lut = byteLuts.get(name);
  if (!lut) {
    lut = Uint8Array.from(lutFloat(name), (v) => Math.round(v * 255));
    byteLuts.set(name, lut);
  }
  return lut;
}

const lutIndex = (t: number): number => (t >= 1 ? 255 : t > 0 ? Math.floor(t * 256) : 0);

/** Colour of t in [0,1] as floats, matplotlib's indexing (NaN gives the lowest colour). */
export function lutColor(name: ColormapName, t: number): [number, number, number] {
  const lut = lutFloat(name);
  const i = lutIndex(t) * 3;
  return [lut[i], lut[i + 1], lut[i + 2]];
}

/** NumPy's default ('linear') percentile; NaN values are ignored. p in [0, 100]. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort();
  if (sorted.length === 0) return NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

/** The value range [lo, hi] a map is shown over; percentiles are only computed when not given. */
function mapRange(map: ArrayLike<number>, opts: NormalizeOptions): { lo: number; hi: number } {
  const p = opts.clipPercentile ?? 100;
  let lo: number;
  let hi: number;
  if (opts.mode === 'raw') {
    lo = opts.min ?? percentile(map, 100 - p);
    hi = opts.max ?? percentile(map, p);
  } else {
    hi = opts.max ?? percentile(Float32Array.from(map, Math.abs), p);
    lo = opts.min ?? (opts.mode === 'abs' ? 0 : -hi);
  }
  if (!Number.isFinite(lo)) lo = 0;
  if (!Number.isFinite(hi)) hi = lo;
  return { lo, hi };
}

/** t in [0,1] for each value; NaN gives 0, a flat map 0 (abs/raw) or 0.5 (signed: the centre). */
function scaler(opts: NormalizeOptions, lo: number, hi: number): (v: number) => number {
  const span = hi - lo;
  const abs = opts.mode === 'abs';
  const flat = opts.mode === 'signed' ? 0.5 : 0;
  return (v) => {
    if (Number.isNaN(v)) return 0;
    if (!(span > 0)) return flat;
    return Math.min(1, Math.max(0, ((abs ? Math.abs(v) : v) - lo) / span));
  };
}

/** Map values to t in [0,1] and report the value range [lo, hi] that t spans. */
export function normalizeMap(map: ArrayLike<number>, opts: NormalizeOptions): { t: Float32Array; lo: number; hi: number } {
  const { lo, hi } = mapRange(map, opts);
  const scale = scaler(opts, lo, hi);
  const t = new Float32Array(map.length);
  for (let i = 0; i < t.length; i++) t[i] = scale(map[i]);
  return { t, lo, hi };
}

/** RGBA (alpha 255) for a map, row-major like the input. */
export function colorize(map: ArrayLike<number>, opts: ColorizeOptions): { rgba: Uint8ClampedArray; lo: number; hi: number } {
  const { lo, hi } = mapRange(map, opts);
  const scale = scaler(opts, lo, hi);
  const lut = lutBytes(opts.colormap);
  const rgba = new Uint8ClampedArray(map.length * 4);
  for (let i = 0; i < map.length; i++) {
    const k = lutIndex(scale(map[i])) * 3;
    rgba[4 * i] = lut[k];
    rgba[4 * i + 1] = lut[k + 1];
    rgba[4 * i + 2] = lut[k + 2];
    rgba[4 * i + 3] = 255;
  }
  return { rgba, lo, hi };
}
