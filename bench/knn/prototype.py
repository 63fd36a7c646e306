# bench/knn/prototype.py: a NumPy/SciPy re-implementation of the learned recommender's rounds
# 2 and 3 and of evaluate's scoring, for trying similarity variants the functions do not
# offer (user-side weighting, popularity factors, other play weightings in round 3). With the
# functions' settings it gives KnnSweep's rows to the last digit, which is how it was checked.
#
#   python3 bench/knn/prototype.py FILE "SETTING" ...
#
# A SETTING is Python keyword arguments: kind (co-listening weighting: 'log', 'bin', 'cap',
# 'sqrt'), cap (history cap), alpha (asymmetry), shrink, q (locality), beta (divides by the
# candidate's listeners^beta), useridf (user weight: listeners' songs^-useridf, or 'log'),
# k, rownorm ('sum' or 'max'), score (round 3's weighting), scap (round 3 from the capped
# history). The last 7 days are the future, k = 10, minimum history 2.
import sys, csv, numpy as np, scipy.sparse as sp, time, itertools
from collections import defaultdict
path=sys.argv[1]; TEST=7; RECENT=7; K=10
t0=time.time()
rows=[]
with open(path) as f:
    r=csv.reader(f); hdr=next(r)
    iu=hdr.index('user_id'); ia=hdr.index('artist'); isg=hdr.index('song_id'); it=hdr.index('timestamp')
    for row in r:
        rows.append((row[iu], row[ia]+' - '+row[isg], row[it][:10]))
days=sorted(set(d for _,_,d in rows))
import datetime
def dn(d): return datetime.date.fromisoformat(d).toordinal()
last=dn(days[-1]); ftd=last-TEST+1; frd=ftd-RECENT
past=defaultdict(lambda: defaultdict(int)); fut=defaultdict(set); recent=defaultdict(int)
dcache={}
for u,s,d in rows:
    x=dcache.get(d)
    if x is None: x=dcache[d]=dn(d)
    if x<ftd:
        past[u][s]+=1
        if x>=frd: recent[s]+=1
    else: fut[u].add(s)
songs=sorted({s for u in past for s in past[u]}); sidx={s:i for i,s in enumerate(songs)}
users=sorted(past); n=len(songs)
print('songs',n,'users',len(users),'load',time.time()-t0, file=sys.stderr)
rec_rank=sorted(recent, key=lambda s:(-recent[s], s))
# eval users
evalu=[]
for ui,u in enumerate(users):
    if u in fut:
        rel=fut[u]-set(past[u])
        if rel: evalu.append((ui,rel))
# matrix of plays
ri=[];ci=[];pv=[]
for ui,u in enumerate(users):
    for s,p in past[u].items(): ri.append(ui); ci.append(sidx[s]); pv.append(p)
P=sp.csr_matrix((np.array(pv,float),(ri,ci)),shape=(len(users),n))
pop=np.asarray((P>0).sum(0)).ravel()
def capped(P,cap):
    # keep each user's cap most played, ties lower key (lower index)
    P=P.tocsr(); data=[];ind=[];ptr=[0]
    for u in range(P.shape[0]):
        a,b=P.indptr[u],P.indptr[u+1]; c=P.indices[a:b]; d=P.data[a:b]
        if b-a>cap:
            o=np.lexsort((c,-d))[:cap]; c=c[o]; d=d[o]
        data.append(d); ind.append(c); ptr.append(ptr[-1]+len(c))
    return sp.csr_matrix((np.concatenate(data),np.concatenate(ind),np.array(ptr)),shape=P.shape)
def wfun(P, kind):
    W=P.copy()
    if kind=='log': W.data=np.round(16*(1+np.log(W.data)))/16
    elif kind=='bin': W.data=np.ones_like(W.data)
    elif kind=='cap': W.data=np.minimum(W.data,50)
    elif kind=='sqrt': W.data=np.sqrt(W.data)
    return W
def evaluate(S, Wscore, minh=2, name=''):
    S=S.tocsr()
    scores=(Wscore@S).tocsr()
    hits=0; nd=0; rec=set()
    for ui,rel in evalu:
        played=P.indices[P.indptr[ui]:P.indptr[ui+1]]
        a,b=scores.indptr[ui],scores.indptr[ui+1]
        c=scores.indices[a:b]; v=scores.data[a:b]
        lst=[]
        if len(played)>=minh and b>a:
            m=~np.isin(c,played)&(v>0); c=c[m]; v=v[m]
            o=np.lexsort((c,-v))[:K]; lst=[songs[j] for j in c[o]]
        pl=set(songs[j] for j in played)
        if len(lst)<K:
            for s in rec_rank:
                if s not in pl and s not in lst:
                    lst.append(s)
                    if len(lst)==K: break
        h=[1 if s in rel else 0 for s in lst]
        hits+=any(h); dcg=sum(x/np.log2(i+2) for i,x in enumerate(h)); idcg=sum(1/np.log2(i+2) for i in range(min(K,len(rel))))
        nd+=dcg/idcg; rec.update(lst)
    print(f'{name:50s} HR {hits/len(evalu):.4f} NDCG {nd/len(evalu):.4f} cov {100*len(rec)/n:.2f}%', flush=True)
    return hits/len(evalu)
def topk(M, k):
    M=M.tocsr(); data=[];ind=[];ptr=[0]
    for i in range(M.shape[0]):
        a,b=M.indptr[i],M.indptr[i+1]; c=M.indices[a:b]; d=M.data[a:b]
        if b-a>k:
            o=np.lexsort((c,-d))[:k]; c=c[o]; d=d[o]
        data.append(d); ind.append(c); ptr.append(ptr[-1]+len(c))
    return sp.csr_matrix((np.concatenate(data),np.concatenate(ind),np.array(ptr)),shape=M.shape)
def sim(kind='log', cap=50, alpha=0.5, shrink=10, q=1.0, beta=0.0, useridf=None, k=20, rownorm=None):
    Wc=wfun(capped(P,cap),kind)
    if useridf is not None:
        L=np.diff(Wc.indptr).astype(float)  # songs per user
        if useridf=='log': f=1/np.log2(1+L)
        else: f=L**(-useridf)
        Wc=sp.diags(np.sqrt(f))@Wc
    C=(Wc.T@Wc).tocsr(); sq=C.diagonal().copy(); C.setdiag(0); C.eliminate_zeros()
    C=C.tocoo(); i,j,v=C.row,C.col,C.data
    unit=1.0
    s=v/(sq[i]**alpha*sq[j]**(1-alpha)+shrink)
    if q!=1.0: s=s**q
    if beta: s=s/ (pop[j].astype(float)**beta)
    S=sp.csr_matrix((s,(i,j)),shape=(n,n))
    S=topk(S,k)
    if rownorm=='sum':
        rs=np.asarray(S.sum(1)).ravel(); rs[rs==0]=1; S=sp.diags(1/rs)@S
    elif rownorm=='max':
        rs=S.max(1).toarray().ravel(); rs[rs==0]=1; S=sp.diags(1/rs)@S
    return S
def score_w(kind='log', cap=None):
    M=P if cap is None else capped(P,cap)
    return wfun(M,kind)

for spec in sys.argv[2:]:
    kw=eval('dict('+spec+')')
    sk=kw.pop('score',None); scap=kw.pop('scap',None)
    t=time.time()
    S=sim(**kw)
    Ws=score_w(sk or kw.get('kind','log'), scap)
    evaluate(S,Ws,name=spec); print('  t',round(time.time()-t,1),file=sys.stderr)
